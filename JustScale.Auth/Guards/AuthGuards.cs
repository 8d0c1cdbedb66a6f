using JustScale.Http;

namespace JustScale.Auth;

/// <summary>Authorizes authenticated requests (the docs' <c>requireAuth</c>, <c>requireVerifiedEmail</c>, <c>requireSelf</c>).</summary>
/// <remarks>
/// Import with <c>using static JustScale.Auth.AuthGuards;</c>. Every guard needs an <see cref="IAuthenticated"/> context, so
/// writing one before <c>.Use(Auth)</c> does not compile. A guard that refuses answers 403 <c>{"error":"Forbidden"}</c>.
/// </remarks>
public static class AuthGuards
{
    /// <summary>Passes when the request is authenticated by an enabled user.</summary>
    public static ValueTask<bool> RequireAuth(IAuthenticated context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(context.User.DisabledAt is null);
    }

    /// <summary>Passes when the authenticated user has verified their email.</summary>
    public static ValueTask<bool> RequireVerifiedEmail(IAuthenticated context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(context.User.EmailVerifiedAt is not null);
    }

    /// <summary>Returns a guard that passes when the route parameter equals the authenticated user's id.</summary>
    /// <remarks>The parameter must equal the id as a string, exactly (lowercase, hyphenated), as in the original.</remarks>
    public static Guard<IAuthenticated> RequireSelf(string parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parameter);
        return context =>
        {
            ArgumentNullException.ThrowIfNull(context);
            var value = context.Params[parameter];
            return ValueTask.FromResult(string.Equals(value, context.User.Id.ToString(), StringComparison.Ordinal));
        };
    }

    /// <summary>Returns a guard that passes when the authenticated, enabled user holds at least one of the global roles.</summary>
    /// <remarks>Roles are <see cref="User.Roles"/>; the emails of <see cref="AuthOptions.Admins"/> hold <c>admin</c>. Roles are read
    /// from the user row loaded with the session, so a change is effective on the user's next request. Declares
    /// <see cref="AuthOptions"/>: a route using it in a cluster without <see cref="AuthFeature"/> fails Build.</remarks>
    public static Guard<IAuthenticated> RequireRole(params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        if (roles.Length == 0)
        {
            throw new ArgumentException("RequireRole needs at least one role.", nameof(roles));
        }

        var required = UserRoles.Validate(roles);
        var guard = Guard.Create<IAuthenticated, AuthOptions>((context, options) =>
        {
            ArgumentNullException.ThrowIfNull(context);
            var user = context.User;
            return ValueTask.FromResult(user.DisabledAt is null && required.Any(role => UserRoles.Has(user, role, options)));
        });
        return Guard.Describe(guard, required.Length == 1 ? $"role {required[0]}" : $"one of the roles {string.Join(", ", required)}");
    }
}
