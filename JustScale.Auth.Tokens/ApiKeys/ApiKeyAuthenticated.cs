using JustScale.Http;

namespace JustScale.Auth.Tokens;

/// <summary>Wraps a request context with the API key that authenticated it and its user; made by <see cref="ApiKeyMiddleware.ApiKey{TContext}"/>.</summary>
/// <typeparam name="TContext">The context the middleware received.</typeparam>
public sealed class ApiKeyAuthenticated<TContext> : RequestContextWrapper<TContext>, IApiKeyAuthenticated where TContext : IRequestContext
{
    internal ApiKeyAuthenticated(TContext inner, User user, UserApiKey apiKey)
        : base(inner)
    {
        User = user;
        ApiKey = apiKey;
    }

    /// <inheritdoc />
    public User User { get; }

    /// <inheritdoc />
    public UserApiKey ApiKey { get; }
}
