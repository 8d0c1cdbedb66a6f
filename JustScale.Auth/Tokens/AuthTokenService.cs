using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Issues and consumes the one-time tokens of the account flows: random, purpose-bound, stored as SHA-256, single use.</summary>
/// <remarks>
/// <see cref="IssueAsync"/> deletes the user's older tokens of the purpose, so only the newest link works.
/// <see cref="ConsumeAsync"/> deletes the token in one statement and only the caller whose delete removed the row gets
/// the user: of two racing consumers, exactly one wins. An unknown, expired, used or wrong-purpose token gives null.
/// </remarks>
/// <param name="tokens">The token repository.</param>
/// <param name="options">The tokens' lifetimes.</param>
/// <param name="timeProvider">The clock.</param>
public sealed class AuthTokenService(IRepository<AuthToken> tokens, AuthTokenOptions options, TimeProvider timeProvider)
{
    private static readonly Field<AuthToken, Reference<User>> UserField = AuthToken.Model.Field(t => t.User);
    private static readonly Field<AuthToken, string> PurposeField = AuthToken.Model.Field(t => t.Purpose);
    private static readonly Field<AuthToken, string> HashField = AuthToken.Model.Field(t => t.TokenHash);

    private readonly IRepository<AuthToken> _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
    private readonly AuthTokenOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly TimeProvider _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    /// <summary>Creates a token for the user and purpose, replacing older ones of that purpose; returns the plain token (64 lowercase hex) to send once.</summary>
    public async Task<string> IssueAsync(Reference<User> user, string purpose, CancellationToken cancellationToken = default)
    {
        var ttl = _options.TtlOf(purpose);
        await _tokens.DeleteWhereAsync(Filter<AuthToken>.Where(UserField, user.Id).And(PurposeField, purpose), cancellationToken: cancellationToken).ConfigureAwait(false);
        var token = SessionTokens.NewToken();
        await _tokens.InsertAsync(
            new AuthToken { User = user, Purpose = purpose, TokenHash = SessionTokens.Digest(token), ExpiresAt = Timestamps.Now(_time) + ttl },
            cancellationToken).ConfigureAwait(false);
        return token;
    }

    /// <summary>Uses a token up: returns its user when it exists for this purpose and has not expired, otherwise null. It works once.</summary>
    public async Task<Reference<User>?> ConsumeAsync(string? token, string purpose, CancellationToken cancellationToken = default)
    {
        _ = _options.TtlOf(purpose);
        if (!SessionTokens.IsWellFormed(token))
        {
            return null; // not one of ours: the store is not asked
        }

        var found = await _tokens.FindOneAsync(
            Filter<AuthToken>.Where(HashField, SessionTokens.Digest(token!)).And(PurposeField, purpose), cancellationToken).ConfigureAwait(false);
        if (found is null || !await _tokens.DeleteAsync(found.Id, cancellationToken).ConfigureAwait(false))
        {
            return null; // unknown, or another request consumed it first
        }

        return Timestamps.Now(_time) < found.ExpiresAt ? found.User : (Reference<User>?)null;
    }

    /// <summary>Returns how long a purpose's tokens last.</summary>
    public TimeSpan TtlOf(string purpose) => _options.TtlOf(purpose);

    /// <summary>Deletes every token of the user (all purposes); returns how many. Called when the account's secrets change.</summary>
    public Task<int> RevokeAllForUserAsync(Reference<User> user, CancellationToken cancellationToken = default) =>
        _tokens.DeleteWhereAsync(Filter<AuthToken>.Where(UserField, user.Id), cancellationToken: cancellationToken);
}
