using System.Security.Cryptography;

namespace JustScale.Auth;

/// <summary>Derives a key with scrypt; the seam through which tests observe or replace the primitive.</summary>
internal delegate void ScryptFunction(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, ScryptParameters parameters, Span<byte> key);

/// <summary>Runs scrypt (RFC 7914) through libsodium's <c>crypto_pwhash_scryptsalsa208sha256_ll</c>.</summary>
internal static class Scrypt
{
    private static volatile bool s_initialized;

    /// <summary>Initialises libsodium once, so that a missing or broken native library fails at startup, not at login.</summary>
    /// <exception cref="DllNotFoundException">The native libsodium library is not deployed for this platform.</exception>
    /// <exception cref="CryptographicException">libsodium refused to initialise.</exception>
    public static void EnsureInitialized()
    {
        if (s_initialized)
        {
            return;
        }

        // sodium_init is thread-safe and idempotent, so a race here only calls it twice.
        if (LibSodium.SodiumInit() < 0)
        {
            throw new CryptographicException("libsodium failed to initialise (sodium_init returned -1).");
        }

        s_initialized = true;
    }

    /// <summary>Fills <paramref name="key"/> with scrypt(password, salt, N, r, p).</summary>
    /// <exception cref="CryptographicException">libsodium rejected the parameters or could not allocate 128 * r * N bytes.</exception>
    public static void DeriveKey(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, ScryptParameters parameters, Span<byte> key)
    {
        EnsureInitialized();

        // An empty span may have a null reference; give libsodium a valid pointer with length 0 instead.
        ReadOnlySpan<byte> empty = [0];
        var passwordOrEmpty = password.IsEmpty ? empty : password;
        var saltOrEmpty = salt.IsEmpty ? empty : salt;
        var result = LibSodium.ScryptLowLevel(
            in passwordOrEmpty[0],
            (nuint)password.Length,
            in saltOrEmpty[0],
            (nuint)salt.Length,
            parameters.N,
            (uint)parameters.BlockSize,
            (uint)parameters.Parallelism,
            ref key[0],
            (nuint)key.Length);
        if (result != 0)
        {
            throw new CryptographicException(
                $"scrypt failed for N={parameters.N}, r={parameters.BlockSize}, p={parameters.Parallelism} (out of memory or unsupported parameters).");
        }
    }
}
