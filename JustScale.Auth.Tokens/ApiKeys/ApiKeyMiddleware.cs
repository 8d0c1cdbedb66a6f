using JustScale.Core;
using JustScale.Http;

namespace JustScale.Auth.Tokens;

/// <summary>Authenticates requests by an API key in the <c>X-API-Key</c> header, where a route opts in: <c>.Use(ApiKey).Guard(RequireScope("profile:read"))</c>.</summary>
/// <remarks>
/// Import with <c>using static JustScale.Auth.Tokens.ApiKeyMiddleware;</c>. Keys are accepted only by routes that say so:
/// <c>.Use(Auth)</c> never takes one, so a key cannot manage keys, sessions or the account. Each use reads the store (one
/// indexed read with the user), so a revoked key is refused at once on every instance; each key has a per-minute budget.
/// </remarks>
public static class ApiKeyMiddleware
{
    /// <summary>Gets the header that carries the key.</summary>
    public const string HeaderName = "X-API-Key";

    /// <summary>Requires a valid API key: adds the key and its user to the context, or answers 401 <c>{"error","code":"invalid_api_key"}</c>.</summary>
    [Inject(typeof(ApiKeyService), ProvidedBy = typeof(TokensFeature))]
    [OpenApiSecurity(ApiKeySecurityScheme.Name)]
    [OpenApiResponse(401, "Missing, invalid, expired or revoked API key.")]
    [OpenApiResponse(429, "The key used its budget for this minute.")]
    public static async ValueTask<ApiKeyAuthenticated<TContext>> ApiKey<TContext>(TContext context) where TContext : IRequestContext
    {
        ArgumentNullException.ThrowIfNull(context);
        var presented = context.Headers[HeaderName].ToString();
        if (presented.Length == 0)
        {
            throw new JustScaleException("Missing X-API-Key header", 401, "invalid_api_key");
        }

        var keys = context.Injected<ApiKeyService>();
        var found = await keys.FindAsync(presented, context.RequestAborted).ConfigureAwait(false)
            ?? throw new JustScaleException("Invalid, expired or revoked API key", 401, "invalid_api_key");
        keys.Acquire(found.Entity.Id);
        return new ApiKeyAuthenticated<TContext>(context, found.Referenced, found.Entity);
    }

    /// <summary>Allows the request only when its key holds <paramref name="scope"/> (403 otherwise).</summary>
    /// <param name="scope">The scope the route needs (<c>profile:read</c>).</param>
    public static Guard<IApiKeyAuthenticated> RequireScope(string scope)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        return context => new ValueTask<bool>(context.ApiKey.ScopeList().Contains(scope, StringComparer.Ordinal));
    }
}
