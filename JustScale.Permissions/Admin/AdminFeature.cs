using JustScale.Auth;
using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>Adds the admin API (<c>/admin/users...</c>), every route guarded by <c>RequireRole("admin")</c>.</summary>
/// <remarks>The first admins come from <c>JustScale:Auth:Admins</c> (<see cref="AuthOptions.Admins"/>).</remarks>
public sealed class AdminFeature : Feature
{
    private readonly AdminOptions _options = new();

    /// <summary>Creates the feature; <paramref name="configure"/> may change the options.</summary>
    public AdminFeature(Action<AdminOptions>? configure = null)
    {
        configure?.Invoke(_options);
        if (_options.ImpersonationTtl <= TimeSpan.Zero || _options.MaxPageSize < 1)
        {
            throw new ArgumentException("ImpersonationTtl and MaxPageSize must be positive.", nameof(configure));
        }
    }

    /// <inheritdoc />
    public override void Configure(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Require<UserService>().Require<SessionService>().Add(AdminRoutes.Create(_options));
    }
}
