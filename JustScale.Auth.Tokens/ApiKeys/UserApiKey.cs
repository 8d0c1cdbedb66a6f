using JustScale.Core;

namespace JustScale.Auth.Tokens;

/// <summary>Represents one API key of a user (table <c>api_keys</c>): its SHA-256, never the key itself.</summary>
/// <remarks>The key is shown once, when created. Keys carry 192 random bits, so a plain SHA-256 is as strong as a slow hash
/// here and lets a request find its key with one indexed read.</remarks>
public sealed class UserApiKey : Entity, IModel<UserApiKey>
{
    /// <summary>Gets the model: user, name, hash, hint, scopes, expiry and last use.</summary>
    public static Model<UserApiKey> Model { get; } = Model<UserApiKey>.Define("UserApiKey", m => m
        .Field(k => k.User, new FieldOptions { Indexed = true })
        .String(k => k.Name, maxLength: 100)
        .String(k => k.KeyHash, maxLength: 64, unique: true, indexed: true)
        .String(k => k.Hint, maxLength: 32)
        .String(k => k.Scopes, maxLength: 1000)
        .Field(k => k.ExpiresAt)
        .Field(k => k.LastUsedAt));

    /// <summary>Gets or sets the user the key acts for.</summary>
    public Reference<User> User { get; set; }

    /// <summary>Gets or sets the name its owner gave it.</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the lowercase hex SHA-256 of the key.</summary>
    public string KeyHash { get; set; } = "";

    /// <summary>Gets or sets the prefix and the last four characters of the key, to tell keys apart in a list.</summary>
    public string Hint { get; set; } = "";

    /// <summary>Gets or sets the scopes, separated by spaces.</summary>
    public string Scopes { get; set; } = "";

    /// <summary>Gets or sets when the key stops working, or null for never.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>Gets or sets when the key was last used (written at most once a minute), or null.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>Returns the scopes as a list.</summary>
    public IReadOnlyList<string> ScopeList() => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Returns the key's id and name, never its hash.</summary>
    public override string ToString() => $"UserApiKey {Id} ({Name})";
}
