namespace JustScale.Http;

/// <summary>Declares a service that a middleware or guard method needs, so that the cluster checks it at Build and resolves it once.</summary>
/// <remarks>
/// Put it on the method passed to <c>.Use</c> or <c>.Guard</c> (a method group such as <c>.Use(Auth)</c>, or a lambda:
/// <c>.Use([Inject(typeof(Clock))] ctx =&gt; ...)</c>), once per service, and read the service inside with
/// <see cref="IRequestContext.Injected{T}"/>. A route using the method in a cluster that lacks the service fails
/// <see cref="JustScale.Core.ClusterBuilder.Build()"/> naming the route, the service and <see cref="ProvidedBy"/>. A singleton
/// is resolved once, when the routes compile; a scoped or transient service is resolved per request from the request's
/// scope. A method called from inside a lambda (<c>.Use(ctx =&gt; Auth(ctx))</c>) is not seen: pass the method itself.
/// </remarks>
/// <param name="serviceType">The service the method needs.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class InjectAttribute(Type serviceType) : Attribute
{
    /// <summary>Gets the service the method needs.</summary>
    public Type ServiceType { get; } = serviceType ?? throw new ArgumentNullException(nameof(serviceType));

    /// <summary>Gets or sets the component (<c>typeof(AuthFeature)</c>) or service class that provides the service, named as the fix when it is missing.</summary>
    public Type? ProvidedBy { get; set; }

    /// <summary>Gets the fix to print when the service is missing (<c>.Add&lt;AuthFeature&gt;()</c> for a component, <c>.Provide&lt;Stamper&gt;()</c> for a service), or null.</summary>
    internal string? Fix => ProvidedBy is { } provider
        ? $".{(typeof(JustScale.Core.IClusterComponent).IsAssignableFrom(provider) ? "Add" : "Provide")}<{JustScale.Core.TypeNames.Of(provider)}>()"
        : null;
}
