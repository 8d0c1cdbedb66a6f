namespace JustScale.Http.OpenApi;

/// <summary>Describes, for the OpenAPI document, the error body every JustScale error answers: <c>{"error": "...", "code": "..."}</c>.</summary>
/// <remarks>Never written: <see cref="Errors.ErrorRenderer"/> writes the bytes; this type only gives the schema its shape.</remarks>
/// <param name="Error">What went wrong, for people.</param>
/// <param name="Code">A stable code for programs, where one exists.</param>
internal sealed record ErrorResponse(string Error, string? Code = null);
