namespace JustScale.Auth;

/// <summary>Hands mail to the sender the app gave (<see cref="AuthEndpointsOptions.EmailSender"/>), which stays the app's: the cluster never disposes it.</summary>
internal sealed class AppEmailSender(IAuthEmailSender inner) : IAuthEmailSender
{
    /// <inheritdoc />
    public Task SendAsync(AuthEmail email, CancellationToken cancellationToken = default) => inner.SendAsync(email, cancellationToken);
}
