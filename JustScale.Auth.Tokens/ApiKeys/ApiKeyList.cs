namespace JustScale.Auth.Tokens;

/// <summary>Carries the answer of <c>GET /account/api-keys</c>.</summary>
/// <param name="ApiKeys">The user's keys, newest first.</param>
public sealed record ApiKeyList(IReadOnlyList<ApiKeySummary> ApiKeys);
