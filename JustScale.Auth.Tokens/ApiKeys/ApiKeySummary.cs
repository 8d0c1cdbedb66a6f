namespace JustScale.Auth.Tokens;

/// <summary>Describes one API key in a list: never the key, nor its hash.</summary>
/// <param name="Id">The key's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Hint">The prefix and the last four characters, to recognise it.</param>
/// <param name="Scopes">Its scopes.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="ExpiresAt">When it stops working, or null.</param>
/// <param name="LastUsedAt">When it was last used (to the minute), or null.</param>
public sealed record ApiKeySummary(Guid Id, string Name, string Hint, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);
