namespace JustScale.Http.OpenApi;

/// <summary>Describes, for the OpenAPI document, the 400 of a body, query or parameters that do not fit what the route declares.</summary>
/// <remarks><c>{"error": "...", "code": "invalid_body", "fields": {"email": ["..."]}}</c>; never written, only described.</remarks>
/// <param name="Error">What went wrong, for people.</param>
/// <param name="Code"><c>invalid_body</c>, <c>invalid_query</c> or <c>invalid_params</c>.</param>
/// <param name="Fields">The messages of each member that does not fit, by its JSON name.</param>
internal sealed record ValidationErrorResponse(string Error, string? Code = null, IReadOnlyDictionary<string, string[]>? Fields = null);
