using System.ComponentModel.DataAnnotations;

namespace JustScale.Auth.Tokens;

/// <summary>Carries the body of <c>POST /account/api-keys</c>.</summary>
public sealed record CreateApiKeyRequest
{
    /// <summary>Gets the key's name.</summary>
    [Required]
    [StringLength(100, MinimumLength = 1)]
    public required string Name { get; init; }

    /// <summary>Gets the scopes the key may use (<c>profile:read</c>).</summary>
    [Required]
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>Gets the key's lifetime in seconds, or null for none.</summary>
    public long? ExpiresIn { get; init; }
}
