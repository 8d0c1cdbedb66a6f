namespace JustScale.Http.OpenApi;

/// <summary>Declares the JSON body type a route binds with <c>.Body&lt;T&gt;()</c>.</summary>
internal sealed record BodyDeclaration(Type Type);

/// <summary>Declares the query type a route binds with <c>.Query&lt;T&gt;()</c>.</summary>
internal sealed record QueryDeclaration(Type Type);

/// <summary>Declares the route parameter type a route binds with <c>.Params&lt;T&gt;()</c>.</summary>
internal sealed record ParamsDeclaration(Type Type);

/// <summary>Declares a response of a route (<c>.Returns&lt;T&gt;(201)</c>); <see cref="Type"/> is null for a response without a body.</summary>
internal sealed record ResponseDeclaration(int StatusCode, Type? Type, string? Description);

/// <summary>Leaves a route out of the OpenAPI document (<c>.ExcludeFromDescription()</c>); the endpoint carries ASP.NET Core's <c>ExcludeFromDescriptionAttribute</c> too.</summary>
internal sealed record HiddenDeclaration;
