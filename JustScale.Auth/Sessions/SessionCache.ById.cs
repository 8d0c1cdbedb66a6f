using JustScale.Core;

namespace JustScale.Auth;

/// <content>Lookups by session id, for bearer tokens that name their session (signed access tokens).</content>
internal sealed partial class SessionCache
{
    /// <summary>Returns copies of a cached session and its user by the session's id, or null (see <see cref="TryGet(string, DateTimeOffset)"/>).</summary>
    public Joined<Session, User>? TryGetById(Guid sessionId, DateTimeOffset now)
    {
        string? token;
        lock (_sync)
        {
            _bySession.TryGetValue(sessionId, out token);
        }

        return token is null ? null : TryGet(token, now);
    }
}
