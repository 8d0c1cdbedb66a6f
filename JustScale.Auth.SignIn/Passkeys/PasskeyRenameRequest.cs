namespace JustScale.Auth.SignIn;

/// <summary>Carries the body of <c>PATCH /account/passkeys/:id</c>: the passkey's new name.</summary>
public sealed record PasskeyRenameRequest
{
    /// <summary>Gets the new name (1 to 100 characters).</summary>
    public required string Name { get; init; }
}
