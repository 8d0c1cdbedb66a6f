namespace JustScale.Auth;

/// <summary>Answers a login whose user has two-factor login on (202): no session yet, a ticket to post back with a code.</summary>
/// <param name="TwoFactorRequired">Always true: the client asks for a code and posts it with the ticket.</param>
/// <param name="Ticket">The ticket (64 lowercase hex characters), single use, bound to the user and the password.</param>
/// <param name="ExpiresAt">When the ticket stops being accepted.</param>
public sealed record TwoFactorChallengeResponse(bool TwoFactorRequired, string Ticket, DateTimeOffset ExpiresAt);
