using System.Security.Cryptography;
using System.Text;
using JustScale.Core;
using JustScale.Http;

namespace JustScale.Auth;

// Checking a code: a TOTP of the steps around now not used before, or an unused recovery code; wrong codes count per user.
public sealed partial class TwoFactorService
{
    private static readonly Field<TwoFactorSecret, int> FailureCountField = TwoFactorSecret.Model.Field(s => s.FailureCount);
    private static readonly Field<TwoFactorSecret, DateTimeOffset> FailureWindowStartField = TwoFactorSecret.Model.Field(s => s.FailureWindowStart);
    private static readonly Field<RecoveryCode, string> CodeHashField = RecoveryCode.Model.Field(c => c.CodeHash);
    private static readonly TimeSpan MaxBackOff = TimeSpan.FromDays(1);

    /// <summary>Checks a code of a user with two-factor login on: a current TOTP not used before, or an unused recovery code (used up by this call).</summary>
    /// <remarks>False for a wrong or replayed code, or when two-factor login is off; a wrong code counts toward the per-user limit.</remarks>
    /// <exception cref="JustScaleException">429 <c>two_factor_rate_limited</c>: too many wrong codes for this user, wait for the
    /// back-off; 429 <c>two_factor_locked</c>: <see cref="TwoFactorOptions.MaxConsecutiveFailures"/> reached, reset the password.</exception>
    public async Task<bool> VerifyCodeAsync(Reference<User> user, string? code, CancellationToken cancellationToken = default)
    {
        var row = await FindAsync(user.Id, cancellationToken).ConfigureAwait(false);
        return row is { EnabledAt: not null } && await CheckCodeAsync(row, code, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> CheckCodeAsync(TwoFactorSecret row, string? code, CancellationToken cancellationToken)
    {
        var now = Timestamps.Now(_time);
        await ReserveAttemptAsync(row, now, cancellationToken).ConfigureAwait(false);
        var compact = code?.Replace(" ", "", StringComparison.Ordinal) ?? "";
        var accepted = false;
        if (Totp.IsWellFormed(compact))
        {
            accepted = await AcceptTotpAsync(row, compact, now, consume: true, cancellationToken).ConfigureAwait(false);
        }
        else if (RecoveryCodes.Normalize(compact) is { } recovery)
        {
            var digest = RecoveryCodes.Digest(row.User.Id, recovery);
            accepted = await Transactions.RunAsync(async ct => // the code is gone and recorded so, together
            {
                var used = await _codes.DeleteWhereAsync(
                    Filter<RecoveryCode>.Where(CodeUserField, row.User.Id).And(CodeHashField, digest), cancellationToken: ct).ConfigureAwait(false) > 0;
                if (used)
                {
                    await RaiseAsync(AuthEventKind.RecoveryCodeUsed, row.User.Id, ct).ConfigureAwait(false);
                }

                return used;
            }, cancellationToken).ConfigureAwait(false);
        }

        if (!accepted)
        {
            await RaiseAsync(AuthEventKind.TwoFactorFailed, row.User.Id, cancellationToken).ConfigureAwait(false);
        }
        else if (_failureLimit is not null)
        {
            // The attempt reserved above counted as a failure until proven right: a right code ends the run of failures.
            await _secrets.UpdateWhereAsync(Filter<TwoFactorSecret>.Where(TwoFactorSecret.Model.Id, row.Id), Changes<TwoFactorSecret>.Of(FailureCountField, 0), cancellationToken).ConfigureAwait(false);
        }

        return accepted;
    }

    /// <summary>Accepts a TOTP code of the previous, current or next step when that step is later than the last one used, recording it in one conditional write (unless <paramref name="consume"/> is false).</summary>
    /// <remarks>The write only succeeds while the stored last step is lower: of two requests with one code, exactly one passes.</remarks>
    private async Task<bool> AcceptTotpAsync(TwoFactorSecret row, string code, DateTimeOffset now, bool consume, CancellationToken cancellationToken)
    {
        var secret = _protector.Unprotect(row.ProtectedSecret);
        try
        {
            var current = Totp.StepAt(now);
            var expected = Encoding.ASCII.GetBytes(code);
            for (var step = current - 1; step <= current + 1; step++)
            {
                if (step <= row.LastUsedStep || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Totp.Code(secret, step)), expected))
                {
                    continue;
                }

                return !consume || await _secrets.UpdateWhereAsync(
                    Filter<TwoFactorSecret>.Where(TwoFactorSecret.Model.Id, row.Id).And(LastUsedStepField, Comparison.LessThan, step),
                    Changes<TwoFactorSecret>.Of(LastUsedStepField, step),
                    cancellationToken).ConfigureAwait(false) > 0;
            }

            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>Takes one attempt from the user's allowance before the code is looked at, in one atomic statement, or throws 429.</summary>
    /// <remarks>
    /// <see cref="TwoFactorSecret.FailureCount"/> counts consecutive attempts not proven right (a right code sets it back to 0);
    /// <see cref="TwoFactorSecret.FailureWindowStart"/> is when the last one was taken. The first
    /// <see cref="FixedWindowLimit.PermitLimit"/> are taken by <c>count = count + 1 WHERE count &lt; limit</c>, so however many
    /// requests arrive at once, on however many instances, at most that many codes are evaluated. After them each attempt waits
    /// an exponential back-off from the last (the window, doubled per further failure, at most a day) and is taken by a
    /// compare-and-set that one request wins. At <see cref="TwoFactorOptions.MaxConsecutiveFailures"/> (100 by default, NIST
    /// SP 800-63B 5.2.2) every code is refused until a password reset.
    /// </remarks>
    private async Task ReserveAttemptAsync(TwoFactorSecret row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_failureLimit is not { } limit)
        {
            return;
        }

        var byId = Filter<TwoFactorSecret>.Where(TwoFactorSecret.Model.Id, row.Id);
        var stamp = Changes<TwoFactorSecret>.Of(FailureWindowStartField, now);
        if (row.FailureCount < limit.PermitLimit && (await _secrets.IncrementWhereAsync(
                byId.And(FailureCountField, Comparison.LessThan, limit.PermitLimit), FailureCountField, 1, stamp, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            return;
        }

        var current = await _secrets.GetAsync(row.Id, cancellationToken).ConfigureAwait(false) ?? throw Limited(limit.Window);
        if (current.FailureCount >= _options.MaxConsecutiveFailures)
        {
            throw new JustScaleException("Too many wrong codes; reset your password to sign in again", 429, "two_factor_locked");
        }

        var openAt = current.FailureWindowStart + BackOff(limit, current.FailureCount);
        if (current.FailureCount >= limit.PermitLimit && now < openAt)
        {
            throw Limited(openAt - now);
        }

        var taken = await _secrets.IncrementWhereAsync(
            byId.And(FailureCountField, current.FailureCount).And(FailureWindowStartField, current.FailureWindowStart),
            FailureCountField, 1, stamp, cancellationToken).ConfigureAwait(false);
        if (taken.Count == 0)
        {
            throw Limited(BackOff(limit, current.FailureCount + 1)); // a concurrent attempt took this one
        }
    }

    /// <summary>Returns how long after the last attempt the next one may come, once <paramref name="failures"/> are past the free ones.</summary>
    private static TimeSpan BackOff(FixedWindowLimit limit, int failures)
    {
        var doublings = Math.Clamp(failures - limit.PermitLimit, 0, 30);
        var ticks = Math.Min(limit.Window.Ticks * (1L << Math.Min(doublings, 20)), MaxBackOff.Ticks);
        return TimeSpan.FromTicks(ticks);
    }

    private static JustScaleException Limited(TimeSpan retryAfter) =>
        new("Too many wrong codes; try again later", 429, "two_factor_rate_limited") { RetryAfter = retryAfter };

    /// <summary>Sets the user's run of failed codes back to none (after a password reset: the account's owner proved themselves).</summary>
    internal Task ClearFailuresAsync(Guid userId, CancellationToken cancellationToken) =>
        _secrets.UpdateWhereAsync(Filter<TwoFactorSecret>.Where(UserField, userId), Changes<TwoFactorSecret>.Of(FailureCountField, 0), cancellationToken);
}
