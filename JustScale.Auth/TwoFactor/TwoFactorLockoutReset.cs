using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Auth;

/// <summary>Ends a user's run of wrong two-factor codes when their password is reset through a mailed link.</summary>
/// <remarks>After <see cref="TwoFactorOptions.MaxConsecutiveFailures"/> wrong codes every code is refused; proving control of
/// the mailbox (a reset) is what lets the owner sign in again, as NIST SP 800-63B 5.2.2 asks.</remarks>
/// <remarks>Resolves <see cref="TwoFactorService"/> when an event comes, not when made: the service raises events itself, so
/// taking it in the constructor would make the events depend on themselves.</remarks>
internal sealed class TwoFactorLockoutReset(IServiceProvider services) : IAuthEventObserver
{
    /// <inheritdoc />
    public async ValueTask OnAuthEventAsync(AuthEvent authEvent, CancellationToken cancellationToken)
    {
        if (authEvent is { Kind: AuthEventKind.PasswordReset, UserId: { } userId })
        {
            await services.GetRequiredService<TwoFactorService>().ClearFailuresAsync(userId, cancellationToken).ConfigureAwait(false);
        }
    }
}
