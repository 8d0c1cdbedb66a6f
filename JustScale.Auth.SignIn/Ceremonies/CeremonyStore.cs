using System.Security.Cryptography;
using System.Text;
using JustScale.Core;

namespace JustScale.Auth.SignIn;

/// <summary>Begins and takes <see cref="SignInCeremony"/> rows: random 64-hex keys, stored hashed, single use, bound to their kind.</summary>
/// <remarks>Of two requests taking one key, only the one whose delete removed the row gets it (the same rule as the account tokens).</remarks>
internal sealed class CeremonyStore(IRepository<SignInCeremony> ceremonies, TimeProvider time)
{
    private static readonly Field<SignInCeremony, string> KindField = SignInCeremony.Model.Field(c => c.Kind);
    private static readonly Field<SignInCeremony, string> HashField = SignInCeremony.Model.Field(c => c.KeyHash);
    private static readonly Field<SignInCeremony, DateTimeOffset> ExpiresAtField = SignInCeremony.Model.Field(c => c.ExpiresAt);

    /// <summary>Gets how often, on average, a begun ceremony also sweeps the expired ones: one in 64.</summary>
    /// <remarks>Abandoned ceremonies (a sign-in page opened and left) would otherwise pile up; a sweep is one indexed DELETE, and
    /// sweeping from the writes keeps the table bounded by the write rate, with no timer on any instance.</remarks>
    public const int SweepOneIn = 64;

    /// <summary>Stores a ceremony and returns its key (64 lowercase hex), which only the client keeps.</summary>
    public async Task<string> BeginAsync(string kind, Guid? userId, string data, TimeSpan ttl, CancellationToken cancellationToken)
    {
        if (RandomNumberGenerator.GetInt32(SweepOneIn) == 0)
        {
            await DeleteExpiredAsync(cancellationToken).ConfigureAwait(false);
        }

        var key = NewKey();
        await ceremonies.InsertAsync(
            new SignInCeremony { Kind = kind, KeyHash = Digest(key), UserId = userId, Data = data, ExpiresAt = Timestamps.Now(time) + ttl },
            cancellationToken).ConfigureAwait(false);
        return key;
    }

    /// <summary>Takes a ceremony of a kind: returns it once when it exists and has not expired, otherwise null.</summary>
    public async Task<SignInCeremony?> TakeAsync(string kind, string? key, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(key))
        {
            return null;
        }

        var found = await ceremonies.FindOneAsync(Filter<SignInCeremony>.Where(HashField, Digest(key!)).And(KindField, kind), cancellationToken).ConfigureAwait(false);
        if (found is null || !await ceremonies.DeleteAsync(found.Id, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return Timestamps.Now(time) < found.ExpiresAt ? found : null;
    }

    /// <summary>Deletes ceremonies that expired before now; returns how many.</summary>
    public Task<int> DeleteExpiredAsync(CancellationToken cancellationToken) =>
        ceremonies.DeleteWhereAsync(Filter<SignInCeremony>.Where(ExpiresAtField, Comparison.LessThan, Timestamps.Now(time)), cancellationToken: cancellationToken);

    /// <summary>Returns a new random key: 32 bytes as 64 lowercase hex characters.</summary>
    public static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>Returns the SHA-256 of a key, lowercase hex.</summary>
    public static string Digest(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Returns whether a string is shaped like a key (64 lowercase hex), so malformed input never reaches the store.</summary>
    public static bool IsWellFormed(string? key) => key is { Length: 64 } && key.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
