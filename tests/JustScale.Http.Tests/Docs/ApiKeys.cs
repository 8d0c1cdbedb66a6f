using JustScale.Core;

namespace JustScale.Http.Tests.Docs;

/// <summary>A context that knows which API client sent the request (what a middleware adds).</summary>
public interface IApiClient : IRequestContext
{
    /// <summary>Gets the client's name.</summary>
    string ClientName { get; }
}

/// <summary>The context <see cref="ApiKeys.RequireApiKey{TContext}"/> produces: the previous context plus the client.</summary>
public sealed class ApiClient<TContext>(TContext inner, string clientName) : RequestContextWrapper<TContext>(inner), IApiClient
    where TContext : IRequestContext
{
    /// <summary>Gets the client's name.</summary>
    public string ClientName => clientName;
}

/// <summary>A middleware and a guard for the docs: the same shape as JustScale.Auth's Auth and RequireSelf.</summary>
public static class ApiKeys
{
    /// <summary>Reads the X-Api-Key header into the context, or answers 401.</summary>
    public static ValueTask<ApiClient<TContext>> RequireApiKey<TContext>(TContext ctx) where TContext : IRequestContext
    {
        var key = ctx.Headers["X-Api-Key"].ToString();
        if (key.Length == 0)
        {
            throw new JustScaleException("Missing X-Api-Key header", 401, "missing_api_key");
        }

        return ValueTask.FromResult(new ApiClient<TContext>(ctx, key));
    }

    /// <summary>Lets only the named client through; others get 403.</summary>
    public static Guard<IApiClient> AllowClient(string name) => ctx => ValueTask.FromResult(ctx.ClientName == name);
}
