namespace JustScale.Auth;

/// <summary>Holds the registered <see cref="IBearerTokenReader"/>s; provided by <see cref="AuthFeature"/>, none by default.</summary>
public sealed class BearerTokenReaders
{
    private readonly IBearerTokenReader[] _readers;

    /// <summary>Creates the list over the contributed readers.</summary>
    public BearerTokenReaders(IEnumerable<IBearerTokenReader> readers)
    {
        ArgumentNullException.ThrowIfNull(readers);
        _readers = [.. readers];
    }

    /// <summary>Gets whether any reader is registered.</summary>
    public bool Any => _readers.Length > 0;

    /// <summary>Finds the live session and user of a bearer token that is not a session token; null when no reader accepts it,
    /// the session ended, or it belongs to another user than the token says.</summary>
    /// <param name="token">The Bearer value.</param>
    /// <param name="sessions">Where the session is looked up (through its cache).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    public async ValueTask<JustScale.Core.Joined<Session, User>?> FindAsync(string token, SessionService sessions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(sessions);
        foreach (var reader in _readers)
        {
            if (await reader.ReadAsync(token, cancellationToken).ConfigureAwait(false) is { } read)
            {
                var found = await sessions.FindWithUserByIdAsync(read.SessionId, cancellationToken).ConfigureAwait(false);
                return found is not null && found.Referenced.Id == read.UserId ? found : null;
            }
        }

        return null;
    }
}
