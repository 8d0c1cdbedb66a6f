using System.Security.Cryptography;
using System.Text;
using JustScale.Core;

namespace JustScale.Auth;

// The second step of a login: a ticket for the password step, redeemed once with a code.
public sealed partial class TwoFactorService
{
    private static readonly Field<TwoFactorTicket, Reference<User>> TicketUserField = TwoFactorTicket.Model.Field(t => t.User);
    private static readonly Field<TwoFactorTicket, string> TicketHashField = TwoFactorTicket.Model.Field(t => t.TokenHash);
    private static readonly Field<TwoFactorTicket, DateTimeOffset> TicketExpiresAtField = TwoFactorTicket.Model.Field(t => t.ExpiresAt);
    private static readonly Field<TwoFactorTicket, int> TicketAttemptsField = TwoFactorTicket.Model.Field(t => t.Attempts);
    private const int ExpiredTicketBatch = 100;

    /// <summary>Stores a ticket for a user who passed the password step and returns it (the only place it appears) with its expiry.</summary>
    internal async Task<(string Ticket, DateTimeOffset ExpiresAt)> ChallengeAsync(User user, CreateSessionOptions? options, CancellationToken cancellationToken)
    {
        var now = Timestamps.Now(_time);
        // Each challenge sweeps a bounded batch of expired tickets (anyone's), so abandoned logins do not pile up.
        await _tickets.DeleteWhereAsync(
            Filter<TwoFactorTicket>.Where(TicketExpiresAtField, Comparison.LessThanOrEqual, now), ExpiredTicketBatch, cancellationToken).ConfigureAwait(false);
        var ticket = SessionTokens.NewToken();
        var expiresAt = now + _options.TicketTtl;
        await _tickets.InsertAsync(
            new TwoFactorTicket
            {
                User = user,
                TokenHash = SessionTokens.Digest(ticket),
                ExpiresAt = expiresAt,
                PasswordStamp = PasswordStamp(user.PasswordHash),
                SessionTtlMilliseconds = options?.Ttl is { } ttl ? (long)ttl.TotalMilliseconds : null,
            },
            cancellationToken).ConfigureAwait(false);
        return (ticket, expiresAt);
    }

    /// <summary>Redeems a ticket with a code: the user and the session lifetime the login asked for, or null (unknown, expired, used or dead ticket, wrong code).</summary>
    /// <remarks>
    /// Each try takes one of the ticket's attempts atomically before the code is checked, so concurrent guesses cannot
    /// exceed <see cref="TwoFactorOptions.MaxTicketAttempts"/>; the last wrong one deletes it. The user's own allowance is then
    /// taken the same way (<see cref="VerifyCodeAsync"/>): past it the try is answered 429 whatever the ticket. A right code deletes it too:
    /// only the request whose delete removed the row gets the user.
    /// </remarks>
    internal async Task<(User User, TimeSpan? SessionTtl)?> RedeemAsync(string? ticket, string? code, CancellationToken cancellationToken)
    {
        if (!SessionTokens.IsWellFormed(ticket))
        {
            return null;
        }

        var found = await _tickets.FindOneAsync(Filter<TwoFactorTicket>.Where(TicketHashField, SessionTokens.Digest(ticket!)), cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }

        if (Timestamps.Now(_time) >= found.ExpiresAt || found.Attempts >= _options.MaxTicketAttempts)
        {
            await _tickets.DeleteAsync(found.Id, cancellationToken).ConfigureAwait(false);
            return null;
        }

        var user = await _users.GetAsync(found.User.Id, cancellationToken).ConfigureAwait(false);
        var row = await FindAsync(found.User.Id, cancellationToken).ConfigureAwait(false);
        if (user is not { DisabledAt: null } || !FixedTimeEquals(PasswordStamp(user.PasswordHash), found.PasswordStamp) || row is not { EnabledAt: not null })
        {
            await _tickets.DeleteAsync(found.Id, cancellationToken).ConfigureAwait(false); // disabled, password changed or 2FA turned off since: log in again
            return null;
        }

        // One of the ticket's attempts, taken atomically: concurrent guesses on one ticket never exceed its attempts.
        var taken = await _tickets.IncrementWhereAsync(
            Filter<TwoFactorTicket>.Where(TwoFactorTicket.Model.Id, found.Id).And(TicketAttemptsField, Comparison.LessThan, _options.MaxTicketAttempts),
            TicketAttemptsField, 1, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (taken.Count == 0)
        {
            return null; // the other attempts took the last one (or redeemed the ticket)
        }

        var attempt = taken[0].Attempts;
        if (!await CheckCodeAsync(row, code, cancellationToken).ConfigureAwait(false))
        {
            if (attempt >= _options.MaxTicketAttempts)
            {
                await _tickets.DeleteAsync(found.Id, cancellationToken).ConfigureAwait(false);
            }

            return null;
        }

        return await _tickets.DeleteAsync(found.Id, cancellationToken).ConfigureAwait(false) // a concurrent right code redeemed it first: null
            ? (user, found.SessionTtlMilliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null)
            : null;
    }

    /// <summary>Returns a digest of the password hash: a ticket earned with another password is refused.</summary>
    private static string PasswordStamp(string passwordHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(passwordHash)));

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
