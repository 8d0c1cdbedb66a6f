using System.Reflection;
using JustScale.Http.OpenApi;

namespace JustScale.Http.Routing;

/// <content>Carries what a step declares for the route's description (OpenAPI): body and query types, responses, security.</content>
internal sealed partial class RouteStep
{
    /// <summary>Gets what the step declares about the route; empty for most steps.</summary>
    public IReadOnlyList<object> Metadata { get; private init; } = [];

    /// <summary>Gets whether the step only declares something and does nothing at run time.</summary>
    public bool IsMetadataOnly => Middleware is null && Guard is null && RateLimit is null && !ReadsBody;

    /// <summary>Gets whether the step reads the request body (inserted where a route that accepts one first needs it).</summary>
    public bool ReadsBody { get; private init; }

    /// <summary>Gets whether the step is a middleware added with <c>.Use</c> (authentication, say), as opposed to binding a body, query or parameters.</summary>
    public bool IsUse => Middleware is not null && !Metadata.Any(m => m is BodyDeclaration or QueryDeclaration or ParamsDeclaration);

    /// <summary>Gets whether the step binds the request body (<c>.Body&lt;T&gt;()</c>).</summary>
    public bool BindsBody => Metadata.Any(m => m is BodyDeclaration);

    /// <summary>Creates the step that reads the request body into memory.</summary>
    public static RouteStep ForBodyRead() => new(null, null) { ReadsBody = true };

    /// <summary>Creates a step that only declares something (a response, say); it is dropped from the steps that run.</summary>
    public static RouteStep ForMetadata(object metadata) => new(null, null) { Metadata = [metadata] };

    /// <summary>Returns a copy of the step that also declares the given metadata.</summary>
    public RouteStep WithMetadata(params IEnumerable<object> metadata) =>
        new(Middleware, Guard, RateLimit, Services) { Metadata = [.. Metadata, .. metadata] };

    /// <summary>Returns a copy of the step declaring what the middleware or guard method is marked with (<see cref="OpenApiResponseAttribute"/>, <see cref="OpenApiSecurityAttribute"/>).</summary>
    /// <remarks>Read once, when the route is declared; how JustScale.Auth's <c>Auth</c> adds its 401 and Bearer scheme without Http knowing Auth.</remarks>
    public RouteStep DescribedBy(Delegate method)
    {
        var attributes = method.Method.GetCustomAttributes<OpenApiMetadataAttribute>(inherit: true).ToList<object>();
        if (GuardRequirements.Of(method) is { } requirement)
        {
            attributes.Add(requirement); // Guard.Describe: a role or a permission, listed in the OpenAPI operation
        }

        return attributes.Count == 0 ? this : WithMetadata(attributes);
    }
}
