namespace JustScale.Http;

/// <summary>Declares a response that every route using the marked middleware or guard may answer (<c>[OpenApiResponse(401, "Unauthorized")]</c>).</summary>
/// <remarks>The response carries the error body <c>{"error", "code"}</c> in the document.</remarks>
/// <param name="statusCode">The HTTP status.</param>
/// <param name="description">What the status means for this middleware.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class OpenApiResponseAttribute(int statusCode, string description) : OpenApiMetadataAttribute
{
    /// <summary>Gets the HTTP status.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>Gets the description.</summary>
    public string Description { get; } = description;
}
