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
}
