namespace JustScale.Auth;

/// <summary>Answers <c>POST {SignInPrefix}/logout</c> and <c>/logout-all</c>: how many sessions were revoked.</summary>
/// <param name="Revoked">The number of sessions revoked (0 when the session was already gone).</param>
public sealed record RevokedResponse(int Revoked);
