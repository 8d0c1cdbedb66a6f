using System.Security.Cryptography;
using System.Text;
using JustScale.Core;

namespace JustScale.Auth.Tokens;

/// <summary>Creates, lists, finds and revokes API keys; keys are stored as SHA-256 only and read from the store on every use (no cache: a revoked key is refused at once everywhere).</summary>
/// <param name="keys">The key repository.</param>
/// <param name="options">The tokens options (prefix, limits).</param>
/// <param name="timeProvider">The clock.</param>
/// <param name="events">Hears of created and revoked keys (none when null).</param>
public sealed class ApiKeyService(IRepository<UserApiKey> keys, TokensOptions options, TimeProvider timeProvider, AuthEvents? events = null)
{
    private static readonly Field<UserApiKey, string> HashField = UserApiKey.Model.Field(k => k.KeyHash);
    private static readonly Field<UserApiKey, Reference<User>> UserField = UserApiKey.Model.Field(k => k.User);
    private static readonly Field<UserApiKey, DateTimeOffset?> LastUsedField = UserApiKey.Model.Field(k => k.LastUsedAt);
    private const int SecretBytes = 24; // 192 bits
    private static readonly UnitOfWork Transactions = new(); // stateless: joins the ambient transaction, if any

    private readonly IRepository<UserApiKey> _keys = keys ?? throw new ArgumentNullException(nameof(keys));
    private readonly TokensOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly TimeProvider _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    private readonly AuthEvents? _events = events;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, Window> _windows = new();

    /// <summary>Creates a key for a user; the result is the only place the key appears.</summary>
    /// <param name="user">The key's owner.</param>
    /// <param name="name">A name for it (1 to 100 characters).</param>
    /// <param name="scopes">What it may do (<c>profile:read</c>); at least one.</param>
    /// <param name="expiresIn">Its lifetime, or null for none.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="JustScaleException">400 for a bad name, scope or lifetime; 409 when the user holds the most keys allowed.</exception>
    public async Task<CreatedApiKey> CreateAsync(Reference<User> user, string name, IReadOnlyCollection<string> scopes, TimeSpan? expiresIn = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 100 || name.Any(char.IsControl))
        {
            throw new JustScaleException("Name must be 1 to 100 characters", 400, "invalid_name");
        }

        if (scopes.Count is 0 or > 50 || scopes.Any(s => s is not { Length: > 0 and <= 64 } || !s.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '.' or '_' or '-' or '*')))
        {
            throw new JustScaleException("Scopes must be 1 to 50 names of letters, digits and : . _ - *", 400, "invalid_scopes");
        }

        if (expiresIn is { } ttl && (ttl < TimeSpan.FromMinutes(1) || ttl > TimeSpan.FromDays(3650)))
        {
            throw new JustScaleException("expiresIn must be between 60 seconds and 10 years", 400, "invalid_expiry");
        }

        if (await _keys.CountAsync(Filter<UserApiKey>.Where(UserField, user.Id), cancellationToken).ConfigureAwait(false) >= _options.MaxApiKeysPerUser)
        {
            throw new JustScaleException($"At most {_options.MaxApiKeysPerUser} API keys per user", 409, "too_many_api_keys");
        }

        var key = _options.ApiKeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = _time.GetUtcNow();
        var row = new UserApiKey
        {
            User = user,
            Name = name,
            KeyHash = Digest(key),
            Hint = $"{_options.ApiKeyPrefix}...{key[^4..]}",
            Scopes = string.Join(' ', scopes.Distinct(StringComparer.Ordinal)),
            ExpiresAt = expiresIn is { } lifetime ? now + lifetime : null,
        };
        await Transactions.RunAsync(async ct => // the key and its record commit together
        {
            await _keys.InsertAsync(row, ct).ConfigureAwait(false);
            await RaiseAsync(AuthEventKind.ApiKeyCreated, user.Id, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return new CreatedApiKey(row.Id, key);
    }

    /// <summary>Lists a user's keys, newest first (hashes stay on the server: answer only the listed fields).</summary>
    public Task<IReadOnlyList<UserApiKey>> ListAsync(Reference<User> user, CancellationToken cancellationToken = default) =>
        _keys.FindManyAsync(Filter<UserApiKey>.Where(UserField, user.Id), new FindOptions<UserApiKey> { OrderBy = UserApiKey.Model.CreatedAt, Descending = true }, cancellationToken);

    /// <summary>Deletes one of a user's keys; false when it is not theirs or does not exist.</summary>
    public Task<bool> RevokeAsync(Reference<User> user, Guid keyId, CancellationToken cancellationToken = default) =>
        Transactions.RunAsync(async ct =>
        {
            var deleted = await _keys.DeleteWhereAsync(Filter<UserApiKey>.Where(UserApiKey.Model.Id, keyId).And(UserField, user.Id), cancellationToken: ct).ConfigureAwait(false) > 0;
            if (deleted)
            {
                await RaiseAsync(AuthEventKind.ApiKeyRevoked, user.Id, ct).ConfigureAwait(false);
            }

            return deleted;
        }, cancellationToken);

    private ValueTask RaiseAsync(AuthEventKind kind, Guid userId, CancellationToken cancellationToken) =>
        _events?.RaiseAsync(kind, userId, cancellationToken: cancellationToken) ?? ValueTask.CompletedTask;

    /// <summary>Finds the live key of a presented key with its user, or null (unknown, malformed, expired, or its user disabled); records its use at most once a minute.</summary>
    public async Task<Joined<UserApiKey, User>?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 200 || !key.StartsWith(_options.ApiKeyPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var joined = await _keys.FindOneWithAsync<User>(Filter<UserApiKey>.Where(HashField, Digest(key)), UserField, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        if (joined is null || (joined.Entity.ExpiresAt is { } expires && now >= expires) || joined.Referenced.DisabledAt is not null)
        {
            return null;
        }

        var found = joined.Entity;
        if (found.LastUsedAt is not { } last || now - last >= TimeSpan.FromMinutes(1))
        {
            found.LastUsedAt = now;
            await _keys.UpdateWhereAsync(Filter<UserApiKey>.Where(UserApiKey.Model.Id, found.Id), Changes<UserApiKey>.Of(LastUsedField, now), cancellationToken).ConfigureAwait(false);
        }

        return joined;
    }

    /// <summary>Takes one permit of a key's per-minute budget (<see cref="TokensOptions.ApiKeyPermitsPerMinute"/>, per instance).</summary>
    /// <exception cref="JustScale.Http.TooManyRequestsException">The key used its budget for this minute.</exception>
    internal void Acquire(Guid keyId)
    {
        var now = _time.GetUtcNow();
        var window = _windows.AddOrUpdate(keyId, _ => new Window(now, 1),
            (_, w) => now - w.Start >= TimeSpan.FromMinutes(1) ? new Window(now, 1) : w with { Count = w.Count + 1 });
        if (window.Count > _options.ApiKeyPermitsPerMinute)
        {
            throw new JustScale.Http.TooManyRequestsException("api-key", window.Start + TimeSpan.FromMinutes(1) - now);
        }

        if (_windows.Count > 100_000)
        {
            foreach (var (id, _) in _windows.Where(w => now - w.Value.Start >= TimeSpan.FromMinutes(1)))
            {
                _windows.TryRemove(id, out _);
            }
        }
    }

    private readonly record struct Window(DateTimeOffset Start, int Count);

    private static string Digest(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
