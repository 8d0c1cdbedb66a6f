using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Signals that the user passed the password step but has two-factor login on: no session until a code is verified with the ticket.</summary>
/// <remarks>
/// Thrown by <see cref="SessionService.CreateAsync"/>, so that no login path can hand out a session on a password alone.
/// <see cref="AuthEndpointsFeature"/> (with <see cref="AuthEndpointsOptions.TwoFactor"/> set) answers it 200
/// <c>{"twoFactorRequired":true,"ticket":"..."}</c>; the client then posts the ticket and a code to <c>{Prefix}/2fa/verify</c>.
/// The ticket is a credential: the message and <see cref="Exception.ToString"/> never contain it.
/// </remarks>
public sealed class TwoFactorRequiredException : JustScaleException
{
    /// <summary>Creates the exception for a ticket.</summary>
    public TwoFactorRequiredException(string ticket, DateTimeOffset expiresAt)
        : base("Two-factor authentication required", code: "two_factor_required")
    {
        ArgumentException.ThrowIfNullOrEmpty(ticket);
        Ticket = ticket;
        ExpiresAt = expiresAt;
    }

    /// <summary>Gets the ticket to send to the client (64 lowercase hex characters), once.</summary>
    public string Ticket { get; }

    /// <summary>Gets when the ticket stops being accepted.</summary>
    public DateTimeOffset ExpiresAt { get; }
}
