using JustScale.Http;

namespace JustScale.Auth;

/// <summary>Carries the request an auth event comes from, so that services that know nothing of HTTP still record its IP, user agent and actor.</summary>
/// <remarks>A cluster middleware (added by <see cref="AuditFeature"/>) makes the request ambient for the route's async flow;
/// <see cref="AuthEvents"/> reads it when an event is raised. Outside a request (a CLI, a background job) there is none.</remarks>
internal static class AuthEventOrigin
{
    private static readonly AsyncLocal<IRequestContext?> Ambient = new();

    /// <summary>Gets the request being handled in this async flow, or null.</summary>
    public static IRequestContext? Current => Ambient.Value;

    /// <summary>Makes each request ambient while its route runs.</summary>
    public static ClusterMiddleware Middleware { get; } = async (context, next) =>
    {
        Ambient.Value = context; // an async method: the value is this flow's, undone when it returns
        await next().ConfigureAwait(false);
    };
}
