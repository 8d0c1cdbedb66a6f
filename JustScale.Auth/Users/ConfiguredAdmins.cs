using JustScale.Core;

namespace JustScale.Auth;

/// <summary>At start, gives the <c>admin</c> role to the existing users listed in <see cref="AuthOptions.Admins"/>.</summary>
internal sealed class ConfiguredAdmins(UserService users, AuthOptions options) : IClusterLifecycle
{
    /// <inheritdoc />
    public async ValueTask OnStartAsync(CancellationToken cancellationToken)
    {
        if (options.Admins.Count > 0)
        {
            await users.GrantConfiguredAdminsAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
