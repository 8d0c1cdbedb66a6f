using System.Diagnostics;
using System.Diagnostics.Metrics;
using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Creates, finds and revokes login sessions (the docs' SessionService).</summary>
/// <remarks>
/// Tokens are 32 random bytes as 64 lowercase hex characters; the store keeps only their SHA-256. Expiry is fixed at
/// creation: a session is valid strictly before <see cref="Session.ExpiresAt"/>, and touching it never extends it.
/// Time comes from the cluster's <see cref="TimeProvider"/>. Created sessions count in <c>justscale.auth.sessions.created</c>,
/// deleted ones in <c>justscale.auth.sessions.revoked</c> (reason <c>revoked</c>, or <c>expired</c> for the sweep and expired lookups).
/// With a live <see cref="IChangeFeed"/> covering sessions and users, lookups are answered from an in-process cache
/// (<see cref="AuthOptions.SessionCache"/>) and activity times are written behind the requests (docs/design/session-cache.md).
/// </remarks>
public sealed class SessionService : IClusterLifecycle
{
    private static readonly Field<Session, string> TokenField = Session.Model.Field(s => s.Token);
    private static readonly Field<Session, Reference<User>> UserField = Session.Model.Field(s => s.User);
    private static readonly Field<Session, DateTimeOffset> ExpiresAtField = Session.Model.Field(s => s.ExpiresAt);
    private static readonly Field<Session, DateTimeOffset> LastActiveAtField = Session.Model.Field(s => s.LastActiveAt);

    private static readonly Field<Session, Guid> IdField = Session.Model.Id;
    private static readonly UnitOfWork Transactions = new(); // stateless: every instance sees the ambient transaction
    private static readonly Field<Session, DateTimeOffset> CreatedAtField = Session.Model.CreatedAt;

    /// <summary>Gets the most sessions <see cref="ListForUserAsync"/> returns (the newest ones).</summary>
    public const int MaxListed = 100;

    private readonly IRepository<Session> _sessions;
    private readonly AuthOptions _options;
    private readonly TimeProvider _time;
    private readonly AuthEvents? _events;
    private readonly TwoFactorService? _twoFactor;
    private readonly SessionCache? _cache;
    private readonly SessionTouchWriter _touches;
    private readonly SessionWatchers _watchers;
    private readonly AuthMetrics _metrics;

    /// <summary>Creates the service over the session repository.</summary>
    /// <param name="sessions">The session repository.</param>
    /// <param name="options">The auth options (TTL, touch interval).</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="events">Where auth events go; none when null.</param>
    /// <param name="twoFactor">Two-factor login, when on: <see cref="SignInAsync"/> then demands the second step.</param>
    /// <param name="changes">The store's change feed; with one that covers sessions and users, lookups use the session cache while it is live.</param>
    /// <param name="meterFactory">Makes the <c>JustScale.Auth</c> meter (the container's); without one, nothing is counted.</param>
    public SessionService(IRepository<Session> sessions, AuthOptions options, TimeProvider timeProvider, AuthEvents? events = null, TwoFactorService? twoFactor = null, IChangeFeed? changes = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _sessions = sessions;
        _options = options;
        _time = timeProvider;
        _events = events;
        _twoFactor = twoFactor;
        _metrics = new AuthMetrics(meterFactory);
        if (changes is not null && options.SessionCache.Enabled)
        {
            var refresher = new SessionCacheRefresher(sessions, timeProvider);
            _cache = new SessionCache(changes, options.SessionCache, refresher.Enqueue);
            refresher.Attach(_cache);
        }

        _touches = new SessionTouchWriter(sessions, timeProvider, options.TouchInterval);
        _watchers = new SessionWatchers(sessions, timeProvider, changes);
    }

    /// <summary>Starts watching a session for a long-lived connection: the watch's <see cref="SessionWatch.Ended"/> is cancelled when it ends.</summary>
    /// <remarks>Ends on revocation, expiry, a disabled or deleted user or a changed password: in this process at once, in
    /// others through the change feed (without one, only this process's own changes are seen). Dispose the watch with the connection.</remarks>
    /// <param name="session">The session the connection was authenticated with.</param>
    /// <param name="user">Its user, as read with it.</param>
    public SessionWatch Watch(Session session, User user)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(user);
        return _watchers.Watch(session, user);
    }

    /// <summary>Gets whether lookups are answered from the session cache right now (it is configured and the change feed is live).</summary>
    public bool IsCaching => _cache?.IsUsable == true;

    /// <summary>Signs a user in who passed the password (or another first) step: a session, or the two-factor step when the user has it on.</summary>
    /// <remarks>With two-factor login on (<see cref="AuthEndpointsOptions.TwoFactor"/>) and enabled for the user, no session is
    /// made: a ticket is stored and returned (<see cref="SignInResult.RequiresTwoFactor"/>); the session comes from the second
    /// step with a code (<c>{SignInPrefix}/login/2fa</c> or <c>{Prefix}/2fa/verify</c>). Otherwise the result holds the new session.</remarks>
    public async Task<SignInResult> SignInAsync(User user, CreateSessionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (_twoFactor is not null && await _twoFactor.IsEnabledAsync(user.Id, cancellationToken).ConfigureAwait(false))
        {
            var (ticket, expiresAt) = await _twoFactor.ChallengeAsync(user, options, cancellationToken).ConfigureAwait(false); // a password alone never makes a session
            return SignInResult.TwoFactor(ticket, expiresAt);
        }

        return SignInResult.SignedIn(await CreateVerifiedAsync(user, options, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Creates a session for a user without two-factor login; the result is the only place its plain token ever appears.</summary>
    /// <remarks>For a user with two-factor login on it refuses (no session on a password alone): sign in with
    /// <see cref="SignInAsync"/>, which returns the second step as a value.</remarks>
    /// <exception cref="InvalidOperationException">The user has two-factor login enabled.</exception>
    public async Task<Session> CreateAsync(User user, CreateSessionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (_twoFactor is not null && await _twoFactor.IsEnabledAsync(user.Id, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("This user has two-factor login on: sign in with SessionService.SignInAsync, which returns the second step instead of a session.");
        }

        return await CreateVerifiedAsync(user, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a session for a user who passed every step the login demands (the second one checked by the caller).</summary>
    internal async Task<Session> CreateVerifiedAsync(User user, CreateSessionOptions? options, CancellationToken cancellationToken)
    {
        using var activity = AuthActivities.Source.StartActivity(AuthActivities.SessionCreate, ActivityKind.Internal);
        try
        {
            var session = await RecordedAsync(async ct =>
            {
                var created = await CreateCoreAsync(user, options, ct).ConfigureAwait(false);
                await RaiseAsync(AuthEventKind.SessionCreated, user.Id, created.Id, 1, ct).ConfigureAwait(false); // recorded with the session
                return created;
            }, cancellationToken).ConfigureAwait(false);
            _metrics.SessionCreated();
            AuthActivities.Succeeded(activity, user.Id);
            return session;
        }
        catch (Exception e) when (AuthActivities.Failed(activity, e))
        {
            throw; // unreachable: the filter only records the failure
        }
    }

    /// <summary>Opens a short-lived session as <paramref name="user"/> for the admin <paramref name="admin"/>, flagged with the admin's id.</summary>
    /// <remarks>No second factor is asked (the admin acts, not the user). The session is listed in the user's sessions with
    /// <see cref="Session.ImpersonatedBy"/> set, and raises <see cref="AuthEventKind.Impersonated"/>. Its lifetime is
    /// <paramref name="ttl"/>, capped by <see cref="AuthOptions.SessionTtl"/>.</remarks>
    public async Task<Session> ImpersonateAsync(User user, Guid admin, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        var capped = ttl < _options.SessionTtl ? ttl : _options.SessionTtl;
        return await RecordedAsync(async ct =>
        {
            var session = await CreateVerifiedAsync(user, new CreateSessionOptions { Ttl = capped, ImpersonatedBy = admin }, ct).ConfigureAwait(false);
            await RaiseAsync(AuthEventKind.Impersonated, user.Id, session.Id, 1, ct).ConfigureAwait(false);
            return session;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Session> CreateCoreAsync(User user, CreateSessionOptions? options, CancellationToken cancellationToken)
    {
        var ttl = options?.Ttl ?? _options.SessionTtl;
        ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.Zero, nameof(options));
        var now = Timestamps.Now(_time);
        var token = SessionTokens.NewToken();
        var session = new Session
        {
            User = user,
            Token = SessionTokens.Digest(token),
            UserAgent = Truncate(options?.UserAgent, 500),
            IpAddress = options?.IpAddress is { Length: <= 45 } ip ? ip : null,
            ExpiresAt = now + ttl,
            LastActiveAt = now,
            ImpersonatedBy = options?.ImpersonatedBy,
        };
        await _sessions.InsertAsync(session, cancellationToken).ConfigureAwait(false);
        session.Token = token;
        return session;
    }

    /// <summary>Finds the live session of a token; null for unknown, malformed or expired tokens (expired rows are deleted).</summary>
    public async Task<Session?> FindByTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!SessionTokens.IsWellFormed(token))
        {
            return null;
        }

        var session = await _sessions.FindOneAsync(Filter<Session>.Where(TokenField, SessionTokens.Digest(token)), cancellationToken).ConfigureAwait(false);
        return session is null || await DeleteIfExpiredAsync(session, cancellationToken).ConfigureAwait(false) ? null : session;
    }

    /// <summary>Finds the live session of a token with its user like <see cref="FindWithUserAsync"/>; a session cache hit completes
    /// synchronously and allocates only the copies it answers (no task, no digest string).</summary>
    internal ValueTask<Joined<Session, User>?> FindLiveAsync(ReadOnlySpan<char> token, CancellationToken cancellationToken)
    {
        if (!SessionTokens.IsWellFormed(token))
        {
            return new((Joined<Session, User>?)null);
        }

        Span<char> digest = stackalloc char[SessionTokens.DigestLength];
        SessionTokens.Digest(token, digest);
        if (_cache is not { IsUsable: true } cache)
        {
            return new(ReadAsync(Filter<Session>.Where(TokenField, new string(digest)), null, default, cancellationToken));
        }

        var now = Timestamps.Now(_time);
        return cache.TryGet(digest, now) is { } hit
            ? new(hit)
            : new(ReadAsync(Filter<Session>.Where(TokenField, new string(digest)), cache, now, cancellationToken));
    }

    /// <summary>Finds the live session of a token together with its user, in one round trip; null when either is gone.</summary>
    public Task<Joined<Session, User>?> FindWithUserAsync(string token, CancellationToken cancellationToken = default) =>
        FindLiveAsync(token, cancellationToken).AsTask();

    /// <summary>Finds the live session with this id together with its user (through the session cache); null when either is gone.</summary>
    /// <remarks>For bearer tokens that name their session (<see cref="IBearerTokenReader"/>): a revoked session is refused at once.</remarks>
    public async Task<Joined<Session, User>?> FindWithUserByIdAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        var byId = Filter<Session>.Where(IdField, sessionId);
        if (_cache is not { IsUsable: true } cache)
        {
            return await ReadAsync(byId, null, default, cancellationToken).ConfigureAwait(false);
        }

        var now = Timestamps.Now(_time);
        return cache.TryGetById(sessionId, now) ?? await ReadAsync(byId, cache, now, cancellationToken).ConfigureAwait(false);
    }

    // Reads a session with its user from the store (an expired one is deleted and not answered); with a cache, caches what it
    // read unless something changed meanwhile: the ticket is taken before the read.
    private async Task<Joined<Session, User>?> ReadAsync(Filter<Session> filter, SessionCache? cache, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ticket = cache?.Begin();
        var read = await _sessions.FindOneWithAsync<User>(filter, UserField, cancellationToken).ConfigureAwait(false);
        if (read is null || await DeleteIfExpiredAsync(read.Entity, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        if (cache is not null && ticket is { } taken)
        {
            cache.Add(read, taken, now);
        }

        return read;
    }

    /// <summary>Sets the session's activity time to now; false when the session no longer exists.</summary>
    public async Task<bool> TouchAsync(Guid sessionId, CancellationToken cancellationToken = default) =>
        await _sessions.UpdateWhereAsync(
            Filter<Session>.Where(Session.Model.Id, sessionId),
            Changes<Session>.Of(LastActiveAtField, Timestamps.Now(_time)),
            cancellationToken).ConfigureAwait(false) > 0;

    /// <summary>Writes the activity time only when the last write is older than <see cref="AuthOptions.TouchInterval"/>.</summary>
    /// <remarks>One conditional UPDATE, so concurrent requests and other instances write it at most once per interval.</remarks>
    public async Task<bool> TouchIfStaleAsync(Session session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = Timestamps.Now(_time);
        var staleBefore = now - _options.TouchInterval;
        if (session.LastActiveAt > staleBefore)
        {
            return false;
        }

        if (_cache is { IsUsable: true } cache)
        {
            // Cached lookups write behind: the request does not wait for the UPDATE (SessionTouchWriter).
            _touches.Enqueue(session.Id, now);
            cache.Touched(session.Token, now);
            session.LastActiveAt = now;
            return true;
        }

        var written = await _sessions.UpdateWhereAsync(
            Filter<Session>.Where(Session.Model.Id, session.Id).And(LastActiveAtField, Comparison.LessThanOrEqual, staleBefore),
            Changes<Session>.Of(LastActiveAtField, now),
            cancellationToken).ConfigureAwait(false) > 0;
        if (written)
        {
            session.LastActiveAt = now;
        }

        return written;
    }

    /// <summary>Deletes a session (logout); false when it did not exist.</summary>
    public async Task<bool> RevokeAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        var deleted = await RecordedAsync(async ct =>
        {
            // The owner is read first, for the event only when someone records or observes it (a logout on their account).
            var owner = _events is null ? null : (await _sessions.GetAsync(sessionId, ct).ConfigureAwait(false))?.User.Id;
            var gone = await _sessions.DeleteAsync(sessionId, ct).ConfigureAwait(false);
            await RaiseAsync(AuthEventKind.SessionRevoked, owner, sessionId, gone ? 1 : 0, ct).ConfigureAwait(false);
            return gone;
        }, cancellationToken).ConfigureAwait(false);
        _cache?.EvictSession(sessionId);
        _watchers.Ended(sessionId);
        _metrics.SessionsEnded(deleted ? 1 : 0, AuthMetrics.Revoked);
        return deleted;
    }

    /// <summary>Deletes one session of a user, only when it is theirs; false when it is not (or does not exist).</summary>
    /// <remarks>For "log that device out": a session id from another account is treated as unknown.</remarks>
    public async Task<bool> RevokeForUserAsync(Reference<User> user, Guid sessionId, CancellationToken cancellationToken = default)
    {
        var deleted = await RecordedAsync(async ct =>
        {
            var gone = await _sessions.DeleteWhereAsync(Filter<Session>.Where(IdField, sessionId).And(UserField, user.Id), cancellationToken: ct).ConfigureAwait(false) > 0;
            await RaiseAsync(AuthEventKind.SessionRevoked, user.Id, sessionId, gone ? 1 : 0, ct).ConfigureAwait(false);
            return gone;
        }, cancellationToken).ConfigureAwait(false);
        _cache?.EvictSession(sessionId);
        if (deleted)
        {
            _watchers.Ended(sessionId);
        }
        _metrics.SessionsEnded(deleted ? 1 : 0, AuthMetrics.Revoked);
        return deleted;
    }

    /// <summary>Deletes every session of a user (logout everywhere), except the one of <paramref name="exceptToken"/>; returns how many.</summary>
    /// <remarks><paramref name="exceptToken"/> may be the plain token or the stored one (<c>ctx.Session.Token</c> after
    /// <c>.Use(Auth)</c> is the stored SHA-256): either way that session is kept. <see cref="RevokeOthersAsync"/> keeps one by id.</remarks>
    public async Task<int> RevokeAllForUserAsync(Reference<User> user, string? exceptToken = null, CancellationToken cancellationToken = default)
    {
        var filter = Filter<Session>.Where(UserField, user.Id);
        if (exceptToken is not null)
        {
            filter = filter.And(TokenField, Comparison.NotEqual, SessionTokens.Digest(exceptToken)).And(TokenField, Comparison.NotEqual, exceptToken);
        }

        return await RevokeWhereAsync(user, filter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes every session of a user but <paramref name="keepSessionId"/> (the caller's own, <c>ctx.Session.Id</c>); returns how many.</summary>
    public Task<int> RevokeOthersAsync(Reference<User> user, Guid keepSessionId, CancellationToken cancellationToken = default) =>
        RevokeWhereAsync(user, Filter<Session>.Where(UserField, user.Id).And(IdField, Comparison.NotEqual, keepSessionId), cancellationToken);

    /// <summary>Lists a user's live sessions, newest first, at most <see cref="MaxListed"/> (their stored tokens are hashes; never send them to a client).</summary>
    public async Task<IReadOnlyList<Session>> ListForUserAsync(Reference<User> user, CancellationToken cancellationToken = default)
    {
        var now = Timestamps.Now(_time);
        var live = Filter<Session>.Where(UserField, user.Id).And(ExpiresAtField, Comparison.GreaterThan, now);
        return await _sessions.FindManyAsync(live, new FindOptions<Session> { OrderBy = CreatedAtField, Descending = true, Limit = MaxListed }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> RevokeWhereAsync(Reference<User> user, Filter<Session> filter, CancellationToken cancellationToken)
    {
        var deleted = await RecordedAsync(async ct =>
        {
            var gone = await _sessions.DeleteWhereAsync(filter, cancellationToken: ct).ConfigureAwait(false);
            await RaiseAsync(AuthEventKind.SessionRevoked, user.Id, null, gone, ct).ConfigureAwait(false);
            return gone;
        }, cancellationToken).ConfigureAwait(false);
        _cache?.EvictUser(user.Id);
        _watchers.UserChanged(user.Id);
        _metrics.SessionsEnded(deleted, AuthMetrics.Revoked);
        return deleted;
    }

    // Runs a change and its event in one transaction when the event is recorded (audit trail, webhook outbox); plainly otherwise.
    private Task<T> RecordedAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        _events is { Records: true } ? Transactions.RunAsync(work, cancellationToken) : work(cancellationToken);

    private async ValueTask RaiseAsync(AuthEventKind kind, Guid? userId, Guid? sessionId, int count, CancellationToken cancellationToken)
    {
        if (_events is not null && count > 0)
        {
            await _events.RaiseAsync(kind, userId, sessionId, count, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes every expired session, in batches so no statement holds locks for long; returns how many.</summary>
    public async Task<int> RevokeExpiredAsync(CancellationToken cancellationToken = default)
    {
        var expired = Filter<Session>.Where(ExpiresAtField, Comparison.LessThanOrEqual, Timestamps.Now(_time));
        var total = 0;
        int deleted;
        do
        {
            deleted = await _sessions.DeleteWhereAsync(expired, _options.RevokeExpiredBatchSize, cancellationToken).ConfigureAwait(false);
            _metrics.SessionsEnded(deleted, AuthMetrics.Expired);
            total += deleted;
        }
        while (deleted == _options.RevokeExpiredBatchSize);

        return total;
    }

    private async Task<bool> DeleteIfExpiredAsync(Session session, CancellationToken cancellationToken)
    {
        if (Timestamps.Now(_time) < session.ExpiresAt)
        {
            return false;
        }

        var deleted = await _sessions.DeleteAsync(session.Id, cancellationToken).ConfigureAwait(false);
        _metrics.SessionsEnded(deleted ? 1 : 0, AuthMetrics.Expired);
        return true;
    }

    /// <summary>Drops a user's cached sessions in this process at once (the change feed tells the other processes); called after a write to the user.</summary>
    internal void Forget(Guid userId)
    {
        _cache?.EvictUser(userId);
        _watchers.UserChanged(userId);
    }

    /// <inheritdoc />
    /// <remarks>Writes the queued activity times before the store goes away.</remarks>
    async ValueTask IClusterLifecycle.OnStopAsync(CancellationToken cancellationToken) => await _touches.FlushAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Drops control characters (PostgreSQL refuses NUL) and cuts to <paramref name="max"/> without splitting a surrogate pair.</summary>
    private static string? Truncate(string? value, int max)
    {
        if (value is null)
        {
            return null;
        }

        var clean = value.Any(char.IsControl) ? string.Concat(value.Where(c => !char.IsControl(c))) : value;
        if (clean.Length <= max)
        {
            return clean;
        }

        var end = char.IsHighSurrogate(clean[max - 1]) ? max - 1 : max;
        return clean[..end];
    }
}
