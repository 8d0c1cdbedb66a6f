using JustScale.Http.Routing;

namespace JustScale.Http;

/// <summary>Starts routes by HTTP method; import it with <c>using static JustScale.Http.Routes;</c>.</summary>
/// <remarks>Parameters are written <c>:userId</c> as in the docs, or <c>{userId}</c>. A trailing slash is optional on requests.</remarks>
public static class Routes
{
    /// <summary>Starts a GET route.</summary>
    /// <param name="path">The path, with <c>:name</c> parameters (<c>/users/:userId</c>).</param>
    /// <returns>The route, to add steps to and end with a handler.</returns>
    public static Route<RequestContext> Get(string path) => Start("GET", path);

    /// <summary>Starts a POST route.</summary>
    /// <param name="path">The path, with <c>:name</c> parameters (<c>/users/:userId</c>).</param>
    /// <returns>The route, to add steps to and end with a handler.</returns>
    public static Route<RequestContext> Post(string path) => Start("POST", path);

    /// <summary>Starts a PUT route.</summary>
    /// <param name="path">The path, with <c>:name</c> parameters (<c>/users/:userId</c>).</param>
    /// <returns>The route, to add steps to and end with a handler.</returns>
    public static Route<RequestContext> Put(string path) => Start("PUT", path);

    /// <summary>Starts a PATCH route.</summary>
    /// <param name="path">The path, with <c>:name</c> parameters (<c>/users/:userId</c>).</param>
    /// <returns>The route, to add steps to and end with a handler.</returns>
    public static Route<RequestContext> Patch(string path) => Start("PATCH", path);

    /// <summary>Starts a DELETE route.</summary>
    /// <param name="path">The path, with <c>:name</c> parameters (<c>/users/:userId</c>).</param>
    /// <returns>The route, to add steps to and end with a handler.</returns>
    public static Route<RequestContext> Delete(string path) => Start("DELETE", path);

    private static Route<RequestContext> Start(string method, string path)
    {
        RoutePath.Validate(path);
        return new Route<RequestContext>(method, path, []);
    }
}
