using System.Diagnostics.CodeAnalysis;

namespace JustScale.Auth;

/// <summary>Holds the outcome of <see cref="SessionService.SignInAsync"/>: a session, or the second step two-factor login demands.</summary>
/// <remarks>Two-factor login is a normal outcome, returned, never thrown: a route answers <see cref="Session"/> with its token,
/// or <see cref="TwoFactorTicket"/> for the client to post back with a code. The ticket is a credential: it appears only here,
/// and <see cref="ToString"/> never shows it.</remarks>
public sealed class SignInResult
{
    private SignInResult(Session? session, string? ticket, DateTimeOffset? expiresAt)
    {
        Session = session;
        TwoFactorTicket = ticket;
        TwoFactorExpiresAt = expiresAt;
    }

    /// <summary>Gets the new session (its <see cref="Session.Token"/> is the plain token), or null when a second step is required.</summary>
    public Session? Session { get; }

    /// <summary>Gets the ticket to send to the client for the second step (64 lowercase hex characters), or null when signed in.</summary>
    public string? TwoFactorTicket { get; }

    /// <summary>Gets when <see cref="TwoFactorTicket"/> stops being accepted, or null when signed in.</summary>
    public DateTimeOffset? TwoFactorExpiresAt { get; }

    /// <summary>Gets whether the user must pass the two-factor step: no session yet, <see cref="TwoFactorTicket"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(TwoFactorTicket), nameof(TwoFactorExpiresAt))]
    [MemberNotNullWhen(false, nameof(Session))]
    public bool RequiresTwoFactor => TwoFactorTicket is not null;

    /// <summary>Returns the outcome without the token or ticket.</summary>
    public override string ToString() => RequiresTwoFactor ? "SignInResult { RequiresTwoFactor = True }" : $"SignInResult {{ Session = {Session.Id} }}";

    internal static SignInResult SignedIn(Session session) => new(session, null, null);

    internal static SignInResult TwoFactor(string ticket, DateTimeOffset expiresAt) => new(null, ticket, expiresAt);
}
