using JustScale.Core;

namespace JustScale.Auth;

/// <summary>At start, gives the <c>admin</c> role to the existing users listed in <see cref="AuthOptions.Admins"/>.</summary>
internal sealed class ConfiguredAdmins(UserService users) : IClusterLifecycle
{
    /// <inheritdoc />
    public async ValueTask OnStartAsync(CancellationToken cancellationToken) =>
        await users.GrantConfiguredAdminsAsync(cancellationToken).ConfigureAwait(false); // none listed: nothing read
}
