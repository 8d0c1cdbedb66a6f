using JustScale.Http;

namespace JustScale.Auth.SignIn;

/// <summary>Configures sign-in by mailed link (<see cref="SignInOptions.MagicLinks"/>): where its routes live, where the mailed link points, who may ask.</summary>
public sealed class MagicLinkOptions
{
    /// <summary>Gets or sets the routes' prefix; <c>/auth</c> by default (<c>/auth/magic-link</c>, <c>/auth/magic-link/verify</c>).</summary>
    public string Prefix { get; set; } = "/auth";

    /// <summary>Gets or sets the path of the page the link opens (it gets <c>?token=...</c> and posts the token back); <c>/magic-link</c> by default.</summary>
    /// <remarks>The page posts the token: a link that signed in on GET would be "opened" by mail scanners.</remarks>
    public string LinkPath { get; set; } = "/magic-link";

    /// <summary>Gets or sets whether a link to an unknown email creates the account when it is opened (email verified); off by default.</summary>
    /// <remarks>Off, an unknown email gets no mail and no account, and the answer is the same 202 as for a known one.</remarks>
    public bool AllowSignUp { get; set; }

    /// <summary>Gets or sets the shortest time a link request takes, known email or not; 250 ms by default (hides which emails have accounts).</summary>
    public TimeSpan MinimumDuration { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets or sets the link requests one client IP may make; 20 per hour by default.</summary>
    public FixedWindowLimit? PerIp { get; set; } = FixedWindowLimit.PerHour(20);

    /// <summary>Gets or sets the link requests for one email, from any IP; 5 per hour by default, so nobody floods a mailbox.</summary>
    public FixedWindowLimit? PerEmail { get; set; } = FixedWindowLimit.PerHour(5);

    /// <summary>Gets or sets the verify attempts one client IP may make; 30 per minute by default.</summary>
    public FixedWindowLimit? VerifyPerIp { get; set; } = FixedWindowLimit.PerMinute(30);

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Prefix, nameof(Prefix));
        ArgumentException.ThrowIfNullOrWhiteSpace(LinkPath, nameof(LinkPath));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumDuration, TimeSpan.Zero, nameof(MinimumDuration));
    }
}
