using System.Security.Cryptography;
using JustScale.Core;
using Microsoft.IdentityModel.Tokens;

namespace JustScale.Auth.Tokens;

/// <summary>Keeps the signing keys: loads them from the store, makes a new one when the current one retires, drops expired ones.</summary>
/// <remarks>
/// Every instance reads the same keys, so a token signed by one verifies on all. A snapshot is read at most once a minute,
/// and again (at most once a second) when a token names a key id this instance does not know yet: a key another
/// instance just made. Two instances that rotate at the same moment each make a key; both are published, both verify.
/// </remarks>
internal sealed class SigningKeyRing(IRepository<SigningKey> keys, SigningKeyProtector protector, TokensOptions options, TimeProvider timeProvider) : IDisposable
{
    private static readonly Field<SigningKey, DateTimeOffset> PublishUntilField = SigningKey.Model.Field(k => k.PublishUntil);
    private static readonly Field<SigningKey, DateTimeOffset> SignUntilField = SigningKey.Model.Field(k => k.SignUntil);
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan UnknownKidRefresh = TimeSpan.FromSeconds(1);
    private readonly IRepository<SigningKey> _keys = keys;
    private readonly SigningKeyProtector _protector = protector;
    private readonly TokensOptions _options = options;
    private readonly TimeProvider _time = timeProvider;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot? _snapshot;

    /// <summary>Returns the key that signs now, making one when none does.</summary>
    public async ValueTask<Signer> SignerAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var snapshot = await CurrentAsync(now, cancellationToken).ConfigureAwait(false);
        if (snapshot.Signer is { } signer && signer.SignUntil > now)
        {
            return signer;
        }

        return await LoadingAsync(async () =>
        {
            var loaded = await LoadAsync(now, cancellationToken).ConfigureAwait(false);
            if (loaded.Signer is not { } current || current.SignUntil <= now)
            {
                await CreateAsync(now, cancellationToken).ConfigureAwait(false);
                loaded = await LoadAsync(now, cancellationToken).ConfigureAwait(false);
            }

            return loaded.Signer ?? throw new InvalidOperationException("No signing key could be made.");
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns the published public keys.</summary>
    public async ValueTask<IReadOnlyList<SigningKey>> PublishedAsync(CancellationToken cancellationToken)
    {
        await SignerAsync(cancellationToken).ConfigureAwait(false); // a fresh install publishes its first key before any token exists
        return (await CurrentAsync(_time.GetUtcNow(), cancellationToken).ConfigureAwait(false)).Published;
    }

    /// <summary>Returns the verification key of a key id, reading the store again when it is unknown (a key made elsewhere).</summary>
    public async ValueTask<SecurityKey?> VerifierAsync(string keyId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var snapshot = await CurrentAsync(now, cancellationToken).ConfigureAwait(false);
        if (snapshot.Verifiers.TryGetValue(keyId, out var key))
        {
            return key;
        }

        if (now - snapshot.LoadedAt < UnknownKidRefresh)
        {
            return null;
        }

        snapshot = await LoadingAsync(async () => _snapshot is { } latest && (latest.Verifiers.ContainsKey(keyId) || now - latest.LoadedAt < UnknownKidRefresh)
            ? latest
            : await LoadAsync(now, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return snapshot.Verifiers.GetValueOrDefault(keyId);
    }

    /// <summary>Stops the signing keys signing now (the next token makes a new key); with <paramref name="revoke"/>, deletes every key, so no token signed so far verifies.</summary>
    /// <remarks>Retired keys stay published until their <see cref="SigningKey.PublishUntil"/>: tokens they signed keep verifying. Other
    /// instances see the change at their next snapshot, within <see cref="RefreshEvery"/>.</remarks>
    public Task<int> RetireAsync(bool revoke, CancellationToken cancellationToken) => LoadingAsync(async () =>
    {
        var now = _time.GetUtcNow();
        var changed = revoke
            ? await _keys.DeleteWhereAsync(Filter<SigningKey>.All, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await _keys.UpdateWhereAsync(
                Filter<SigningKey>.Where(SignUntilField, Comparison.GreaterThan, now), Changes<SigningKey>.Of(SignUntilField, now), cancellationToken).ConfigureAwait(false);
        await LoadAsync(now, cancellationToken).ConfigureAwait(false); // this instance signs with a new key from its next token
        return changed;
    }, cancellationToken);

    private async ValueTask<Snapshot> CurrentAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_snapshot is { } snapshot && now - snapshot.LoadedAt < RefreshEvery)
        {
            return snapshot;
        }

        return await LoadingAsync(async () => _snapshot is { } again && now - again.LoadedAt < RefreshEvery
            ? again
            : await LoadAsync(now, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    // Runs work that loads or changes the keys, one at a time.
    private async Task<TResult> LoadingAsync<TResult>(Func<Task<TResult>> work, CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            _loading.Release();
        }
    }

    // Under _loading.
    private async Task<Snapshot> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _keys.DeleteWhereAsync(Filter<SigningKey>.Where(PublishUntilField, Comparison.LessThanOrEqual, now), cancellationToken: cancellationToken).ConfigureAwait(false);
        var rows = await _keys.FindManyAsync(Filter<SigningKey>.Where(PublishUntilField, Comparison.GreaterThan, now), cancellationToken: cancellationToken).ConfigureAwait(false);
        var verifiers = rows.ToDictionary(k => k.KeyId, k => (SecurityKey)PublicKeyOf(k), StringComparer.Ordinal);
        var current = rows.Where(k => k.SignUntil > now).OrderByDescending(k => k.SignUntil).FirstOrDefault();
        var signer = _snapshot?.Signer is { } previous && previous.KeyId == current?.KeyId ? previous
            : current is null ? null : SignerOf(current);
        var snapshot = new Snapshot(now, [.. rows.OrderByDescending(k => k.SignUntil)], verifiers, signer);
        _snapshot = snapshot;
        return snapshot;
    }

    private async Task CreateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var point = ecdsa.ExportParameters(false).Q;
        var signUntil = now + _options.KeyRotation;
        var key = new SigningKey
        {
            KeyId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
            Algorithm = SecurityAlgorithms.EcdsaSha256,
            PublicKey = $"{Base64UrlEncoder.Encode(point.X)}.{Base64UrlEncoder.Encode(point.Y)}",
            PrivateKey = _protector.Protect(ecdsa.ExportPkcs8PrivateKey()),
            SignUntil = signUntil,
            PublishUntil = signUntil + _options.AccessTokenLifetime + TimeSpan.FromMinutes(5), // the last token it signed, plus clock skew
        };
        await _keys.InsertAsync(key, cancellationToken).ConfigureAwait(false);
    }

    private static ECDsaSecurityKey PublicKeyOf(SigningKey key)
    {
        var parts = key.PublicKey.Split('.');
        var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(parts[0]), Y = Base64UrlEncoder.DecodeBytes(parts[1]) },
        });
        return new ECDsaSecurityKey(ecdsa) { KeyId = key.KeyId };
    }

    private Signer SignerOf(SigningKey key)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(_protector.Unprotect(key.PrivateKey), out _);
        var credentials = new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = key.KeyId }, SecurityAlgorithms.EcdsaSha256);
        return new Signer(key.KeyId, key.SignUntil, credentials);
    }

    public void Dispose() => _loading.Dispose();

    /// <summary>Holds the key that signs now.</summary>
    internal sealed record Signer(string KeyId, DateTimeOffset SignUntil, SigningCredentials Credentials);

    private sealed record Snapshot(DateTimeOffset LoadedAt, IReadOnlyList<SigningKey> Published, Dictionary<string, SecurityKey> Verifiers, Signer? Signer);
}
