using System.Collections.Concurrent;
using JustScale.Core;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JustScale.Auth.Tokens;

/// <summary>Issues and validates access tokens: ES256 JWTs naming the user (<c>sub</c>) and the session (<c>sid</c>) they were issued from.</summary>
/// <remarks>
/// A token is only as alive as its session: <c>.Use(Auth)</c> validates the signature and lifetime here, then looks the
/// <c>sid</c> up through the session cache, which the change feed empties on revocation, so a logout refuses the token on
/// every instance within the feed's bound. Other services verify the signature against the JWKS (<see cref="TokensOptions.JwksPath"/>).
/// Validated tokens are remembered until they expire (at most 10,000), so a repeated token costs a dictionary read, not an
/// ECDSA verification; the session check is never skipped.
/// </remarks>
public sealed class AccessTokenService : IBearerTokenReader
{
    private const int MaxRemembered = 10_000;
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningKeyRing _keys;
    private readonly TokensOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Remembered> _valid = new(StringComparer.Ordinal);
    private readonly TokenValidationParameters _parameters;

    internal AccessTokenService(SigningKeyRing keys, TokensOptions options, TimeProvider timeProvider)
    {
        _keys = keys;
        _options = options;
        _time = timeProvider;
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidateLifetime = false, // checked against the cluster's TimeProvider below
            RequireExpirationTime = true,
            RequireSignedTokens = true,
        };
    }

    /// <summary>Rotates the signing keys: the keys signing now stop signing, and the next token issued (on any instance) is signed by a new key; returns how many keys were retired.</summary>
    /// <remarks>
    /// Retired keys stay in the JWKS until the last token they signed expires, so those tokens keep verifying. Other instances
    /// pick the change up at their next key snapshot, within a minute. With <paramref name="revoke"/> (a key is compromised),
    /// every key is deleted instead and every access token signed so far is refused once the instances reload (sessions, and
    /// tokens issued afterwards, are untouched). No private key is read or written here: the new key is made by the instance
    /// that next signs, with its own key ring.
    /// </remarks>
    /// <param name="revoke">Whether to delete every key rather than retire the current ones.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    public Task<int> RotateSigningKeysAsync(bool revoke = false, CancellationToken cancellationToken = default) =>
        _keys.RetireAsync(revoke, cancellationToken);

    /// <summary>Issues an access token for a user's session, valid for <see cref="TokensOptions.AccessTokenLifetime"/>.</summary>
    /// <param name="user">The session's user.</param>
    /// <param name="session">The session the token is bound to: it dies with it.</param>
    /// <param name="cancellationToken">Cancels the key lookup.</param>
    public async Task<IssuedAccessToken> IssueAsync(User user, Session session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(session);
        var signer = await _keys.SignerAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var left = session.ExpiresAt - now; // a token never outlives its session, and lives at least a second
        var lifetime = left >= _options.AccessTokenLifetime ? _options.AccessTokenLifetime : left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1);

        var expires = now + lifetime;
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = signer.Credentials,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = user.Id.ToString(),
                [JwtRegisteredClaimNames.Sid] = session.Id.ToString(),
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
        });
        return new IssuedAccessToken(token, (int)Math.Floor(lifetime.TotalSeconds));
    }

    /// <summary>Returns the user and session of a valid token (signature, issuer, audience, lifetime), or null; it does not check the session.</summary>
    /// <param name="token">The JWT.</param>
    /// <param name="cancellationToken">Cancels the key lookup.</param>
    public async ValueTask<BearerSession?> ReadAsync(string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        var now = _time.GetUtcNow();
        if (_valid.TryGetValue(token, out var remembered))
        {
            // Its key must still be published: a revoked key (RotateSigningKeysAsync(revoke: true)) takes its tokens with it,
            // here at once, elsewhere at the instance's next key snapshot. A snapshot read, no verification.
            if (now < remembered.ExpiresAt && await _keys.VerifierAsync(remembered.KeyId, cancellationToken).ConfigureAwait(false) is not null)
            {
                return remembered.Session;
            }

            _valid.TryRemove(token, out _);
            return null;
        }

        if (token.Length > 4096 || !Handler.CanReadToken(token))
        {
            return null;
        }

        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return null;
        }

        if (jwt.Kid is not { Length: > 0 } kid || await _keys.VerifierAsync(kid, cancellationToken).ConfigureAwait(false) is not { } key)
        {
            return null;
        }

        var parameters = _parameters.Clone();
        parameters.IssuerSigningKey = key;
        var result = await Handler.ValidateTokenAsync(jwt, parameters).ConfigureAwait(false);
        if (!result.IsValid
            || now < new DateTimeOffset(jwt.ValidFrom, TimeSpan.Zero) - ClockSkew
            || now >= new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero)
            || !Guid.TryParse(jwt.Subject, out var userId)
            || !jwt.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Sid, out var sid) || !Guid.TryParse(sid, out var sessionId))
        {
            return null;
        }

        var read = new BearerSession(userId, sessionId);
        Remember(token, read, kid, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero), now);
        return read;
    }

    private static TimeSpan ClockSkew => TimeSpan.FromSeconds(30);

    private void Remember(string token, BearerSession session, string keyId, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        if (_valid.Count >= MaxRemembered)
        {
            foreach (var (key, _) in _valid.Where(entry => now >= entry.Value.ExpiresAt))
            {
                _valid.TryRemove(key, out _);
            }

            if (_valid.Count >= MaxRemembered)
            {
                _valid.Clear(); // all live: start over rather than grow
            }
        }

        _valid[token] = new Remembered(session, expiresAt, keyId);
    }

    private sealed record Remembered(BearerSession Session, DateTimeOffset ExpiresAt, string KeyId);
}
