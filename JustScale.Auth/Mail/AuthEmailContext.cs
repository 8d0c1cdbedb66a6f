using System.Text;

namespace JustScale.Auth;

/// <summary>Carries what a template needs for one message: the recipient, their name, the one-time link and its lifetime.</summary>
/// <param name="To">The recipient's address.</param>
/// <param name="Name">The recipient's display name, or null when the account has none.</param>
/// <param name="Link">The absolute one-time link, typically ending in <c>token=</c> and 64 hex digits.</param>
/// <param name="ExpiresIn">How long the link stays valid, shown to the reader.</param>
/// <remarks><see cref="ToString"/> leaves out the link, which holds a one-time token.</remarks>
public sealed record AuthEmailContext(string To, string? Name, Uri Link, TimeSpan ExpiresIn)
{
    private readonly Uri _link = AbsoluteLink(Link);

    /// <summary>Gets the absolute one-time link.</summary>
    public Uri Link { get => _link; init => _link = AbsoluteLink(value); }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("To = ").Append(To).Append(", Name = ").Append(Name).Append(", ExpiresIn = ").Append(ExpiresIn);
        return true;
    }

    private static Uri AbsoluteLink(Uri link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return link.IsAbsoluteUri ? link : throw new ArgumentException("A mail link must be an absolute URI.", nameof(link));
    }
}
