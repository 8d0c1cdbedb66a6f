namespace JustScale.Auth.Tokens;

/// <summary>Names the API key scheme in the OpenAPI document.</summary>
internal static class ApiKeySecurityScheme
{
    public const string Name = "apiKeyAuth";
}
