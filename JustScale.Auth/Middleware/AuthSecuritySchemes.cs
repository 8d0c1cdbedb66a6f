using JustScale.Http;

namespace JustScale.Auth;

/// <summary>Names the OpenAPI security schemes <see cref="AuthFeature"/> adds, which routes using <c>.Use(Auth)</c> require.</summary>
/// <remarks><see cref="Bearer"/> always; <see cref="Cookie"/> only when <see cref="AuthOptions.Cookie"/> is on.</remarks>
public static class AuthSecuritySchemes
{
    /// <summary>Names the HTTP Bearer scheme (<c>Authorization: Bearer &lt;token&gt;</c>).</summary>
    public const string Bearer = "bearerAuth";

    /// <summary>Names the session cookie scheme.</summary>
    public const string Cookie = "sessionCookie";

    /// <summary>Creates the schemes for the options: Bearer, and the cookie when its transport is on.</summary>
    internal static IEnumerable<OpenApiSecurityScheme> For(AuthOptions options)
    {
        yield return OpenApiSecurityScheme.Bearer(Bearer, "session token");
        if (options.Cookie is { } cookie)
        {
            yield return OpenApiSecurityScheme.ApiKey(Cookie, "cookie", cookie.Name);
        }
    }
}
