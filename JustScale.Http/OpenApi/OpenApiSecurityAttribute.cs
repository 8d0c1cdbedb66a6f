namespace JustScale.Http;

/// <summary>Declares that routes using the marked middleware are secured by any one of the named security schemes.</summary>
/// <remarks>
/// Names refer to <see cref="OpenApiSecurityScheme"/>s added to the cluster; a name the cluster does not have is left out
/// (JustScale.Auth's <c>Auth</c> names the Bearer scheme and the cookie one, which exists only when the cookie transport is on).
/// </remarks>
/// <param name="schemes">The scheme names, any one of which is enough.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class OpenApiSecurityAttribute(params string[] schemes) : OpenApiMetadataAttribute
{
    /// <summary>Gets the scheme names.</summary>
    public IReadOnlyList<string> Schemes { get; } = schemes;

    /// <summary>Gets or sets whether an anonymous request is accepted too (optional authentication).</summary>
    public bool Optional { get; set; }
}
