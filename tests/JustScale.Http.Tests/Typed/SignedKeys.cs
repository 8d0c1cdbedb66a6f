using JustScale.Core;

namespace JustScale.Http.Tests.Typed;

/// <summary>A context made by <see cref="SignedKeys.RequireKey{TContext}"/>.</summary>
public sealed class Keyed<TContext>(TContext inner, string key) : RequestContextWrapper<TContext>(inner)
    where TContext : IRequestContext
{
    /// <summary>Gets the key.</summary>
    public string Key => key;
}

/// <summary>A middleware that describes itself for OpenAPI the way JustScale.Auth's Auth does: a security scheme and a 401.</summary>
public static class SignedKeys
{
    /// <summary>Names the scheme.</summary>
    public const string Scheme = "apiKey";

    /// <summary>Gets the scheme to add to the cluster.</summary>
    public static OpenApiSecurityScheme SecurityScheme => OpenApiSecurityScheme.ApiKey(Scheme, "header", "X-Key");

    /// <summary>Reads X-Key, or answers 401.</summary>
    [OpenApiSecurity(Scheme, "notInTheCluster")]
    [OpenApiResponse(401, "Missing key.")]
    public static ValueTask<Keyed<TContext>> RequireKey<TContext>(TContext context) where TContext : IRequestContext
    {
        var key = context.Headers["X-Key"].ToString();
        return key.Length == 0
            ? throw new JustScaleException("Missing X-Key header", 401, "missing_key")
            : ValueTask.FromResult(new Keyed<TContext>(context, key));
    }
}
