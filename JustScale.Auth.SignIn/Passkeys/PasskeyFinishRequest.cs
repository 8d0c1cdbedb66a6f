using System.Text.Json;

namespace JustScale.Auth.SignIn;

/// <summary>Carries the body that finishes a passkey ceremony: the ceremony's id and the credential as <c>PublicKeyCredential.toJSON()</c> gives it.</summary>
public sealed record PasskeyFinishRequest
{
    /// <summary>Gets the id the options route returned (64 lowercase hex).</summary>
    public required string CeremonyId { get; init; }

    /// <summary>Gets the credential (WebAuthn's JSON serialization: <c>id</c>, <c>rawId</c>, <c>type</c>, <c>response</c>, ...).</summary>
    public required JsonElement Credential { get; init; }

    /// <summary>Gets the name to give a new passkey (registration only); "Passkey" when absent.</summary>
    public string? Name { get; init; }
}
