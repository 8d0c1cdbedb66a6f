using JustScale.Core;

namespace JustScale.Http;

/// <summary>Describes how clients authenticate, for the OpenAPI document's <c>components.securitySchemes</c>; add it to the cluster.</summary>
/// <remarks>
/// Routes name schemes through the <see cref="OpenApiSecurityAttribute"/> of their middleware. JustScale.Auth's
/// <c>AuthFeature</c> adds <c>bearerAuth</c>, and <c>sessionCookie</c> when its cookie transport is on.
/// </remarks>
public sealed class OpenApiSecurityScheme : IClusterComponent
{
    private OpenApiSecurityScheme(string name, string type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        SchemeName = name;
        Type = type;
    }

    /// <summary>Gets the scheme's key in <c>components.securitySchemes</c>.</summary>
    public string SchemeName { get; }

    /// <summary>Gets the OpenAPI scheme type: <c>http</c> or <c>apiKey</c>.</summary>
    public string Type { get; }

    /// <summary>Gets the HTTP authentication scheme (<c>bearer</c>), for the <c>http</c> type.</summary>
    public string? Scheme { get; private init; }

    /// <summary>Gets a hint of the bearer token's format, for the <c>http</c> type.</summary>
    public string? BearerFormat { get; private init; }

    /// <summary>Gets where an API key travels (<c>header</c>, <c>query</c> or <c>cookie</c>), for the <c>apiKey</c> type.</summary>
    public string? In { get; private init; }

    /// <summary>Gets the header, query parameter or cookie name, for the <c>apiKey</c> type.</summary>
    public string? ParameterName { get; private init; }

    /// <summary>Gets or sets a description for readers of the document.</summary>
    public string? Description { get; init; }

    /// <inheritdoc />
    string IClusterComponent.Name => $"OpenApiSecurityScheme {SchemeName}";

    /// <summary>Creates an HTTP Bearer scheme (<c>Authorization: Bearer &lt;token&gt;</c>).</summary>
    /// <param name="name">The scheme's key.</param>
    /// <param name="bearerFormat">A hint of the token's format, or null.</param>
    public static OpenApiSecurityScheme Bearer(string name, string? bearerFormat = null) =>
        new(name, "http") { Scheme = "bearer", BearerFormat = bearerFormat };

    /// <summary>Creates an API key scheme carried in a header, a query parameter or a cookie.</summary>
    /// <param name="name">The scheme's key.</param>
    /// <param name="location"><c>header</c>, <c>query</c> or <c>cookie</c>.</param>
    /// <param name="parameterName">The header, parameter or cookie name.</param>
    public static OpenApiSecurityScheme ApiKey(string name, string location, string parameterName)
    {
        if (location is not ("header" or "query" or "cookie"))
        {
            throw new ArgumentException($"An API key travels in \"header\", \"query\" or \"cookie\", not \"{location}\".", nameof(location));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(parameterName);
        return new(name, "apiKey") { In = location, ParameterName = parameterName };
    }

    /// <summary>Adds the scheme to the cluster, for the OpenAPI document.</summary>
    public void Configure(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Contribute(_ => this);
    }
}
