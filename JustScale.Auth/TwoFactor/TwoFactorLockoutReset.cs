namespace JustScale.Auth;

/// <summary>Ends a user's run of wrong two-factor codes when their password is reset through a mailed link.</summary>
/// <remarks>After <see cref="TwoFactorOptions.MaxConsecutiveFailures"/> wrong codes every code is refused; proving control of
/// the mailbox (a reset) is what lets the owner sign in again, as NIST SP 800-63B 5.2.2 asks.</remarks>
internal sealed class TwoFactorLockoutReset(TwoFactorService twoFactor) : IAuthEventObserver
{
    /// <inheritdoc />
    public async ValueTask OnAuthEventAsync(AuthEvent authEvent, CancellationToken cancellationToken)
    {
        if (authEvent is { Kind: AuthEventKind.PasswordReset, UserId: { } userId })
        {
            await twoFactor.ClearFailuresAsync(userId, cancellationToken).ConfigureAwait(false);
        }
    }
}
