using System.Security.Cryptography;
using System.Text;
using JustScale.Core;

namespace JustScale.Auth;

// Checking a code: a TOTP of the steps around now not used before, or an unused recovery code; wrong codes count per user.
public sealed partial class TwoFactorService
{
    private static readonly Field<TwoFactorSecret, int> FailureCountField = TwoFactorSecret.Model.Field(s => s.FailureCount);
    private static readonly Field<TwoFactorSecret, DateTimeOffset> FailureWindowStartField = TwoFactorSecret.Model.Field(s => s.FailureWindowStart);
    private static readonly Field<RecoveryCode, string> CodeHashField = RecoveryCode.Model.Field(c => c.CodeHash);

    /// <summary>Checks a code of a user with two-factor login on: a current TOTP not used before, or an unused recovery code (used up by this call).</summary>
    /// <remarks>False for a wrong or replayed code, or when two-factor login is off; a wrong code counts toward the per-user limit.</remarks>
    /// <exception cref="JustScaleException">429 <c>two_factor_rate_limited</c>: too many wrong codes for this user in the window.</exception>
    public async Task<bool> VerifyCodeAsync(Reference<User> user, string? code, CancellationToken cancellationToken = default)
    {
        var row = await FindAsync(user.Id, cancellationToken).ConfigureAwait(false);
        return row is { EnabledAt: not null } && await CheckCodeAsync(row, code, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> CheckCodeAsync(TwoFactorSecret row, string? code, CancellationToken cancellationToken)
    {
        var now = Timestamps.Now(_time);
        ThrowIfLimited(row, now);
        var compact = code?.Replace(" ", "", StringComparison.Ordinal) ?? "";
        var accepted = false;
        if (Totp.IsWellFormed(compact))
        {
            accepted = await AcceptTotpAsync(row, compact, now, consume: true, cancellationToken).ConfigureAwait(false);
        }
        else if (RecoveryCodes.Normalize(compact) is { } recovery)
        {
            var digest = RecoveryCodes.Digest(row.User.Id, recovery);
            accepted = await _codes.DeleteWhereAsync(
                Filter<RecoveryCode>.Where(CodeUserField, row.User.Id).And(CodeHashField, digest), cancellationToken: cancellationToken).ConfigureAwait(false) > 0;
            if (accepted)
            {
                await RaiseAsync(AuthEventKind.RecoveryCodeUsed, row.User.Id, cancellationToken).ConfigureAwait(false);
            }
        }

        if (!accepted)
        {
            await RecordFailureAsync(row, now, cancellationToken).ConfigureAwait(false);
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

    private void ThrowIfLimited(TwoFactorSecret row, DateTimeOffset now)
    {
        if (_failureLimit is { } limit && row.FailureCount >= limit.PermitLimit && now < row.FailureWindowStart + limit.Window)
        {
            throw new JustScaleException("Too many wrong codes; try again later", 429, "two_factor_rate_limited")
            {
                RetryAfter = row.FailureWindowStart + limit.Window - now,
            };
        }
    }

    /// <summary>Counts a wrong code in the user's failure window (a new window once the old one ended), by compare-and-set so concurrent failures all count.</summary>
    private async Task RecordFailureAsync(TwoFactorSecret row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await RaiseAsync(AuthEventKind.TwoFactorFailed, row.User.Id, cancellationToken).ConfigureAwait(false);
        if (_failureLimit is not { } limit)
        {
            return;
        }

        var current = row;
        for (var attempt = 0; attempt < 5 && current is not null; attempt++)
        {
            var fresh = now >= current.FailureWindowStart + limit.Window;
            var changes = fresh
                ? Changes<TwoFactorSecret>.Of(FailureCountField, 1).Set(FailureWindowStartField, now)
                : Changes<TwoFactorSecret>.Of(FailureCountField, current.FailureCount + 1);
            var filter = Filter<TwoFactorSecret>.Where(TwoFactorSecret.Model.Id, current.Id)
                .And(FailureCountField, current.FailureCount)
                .And(FailureWindowStartField, current.FailureWindowStart);
            if (await _secrets.UpdateWhereAsync(filter, changes, cancellationToken).ConfigureAwait(false) > 0)
            {
                return;
            }

            current = await _secrets.GetAsync(current.Id, cancellationToken).ConfigureAwait(false); // another failure was counted first: count on top of it
        }
    }
}
