using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JustScale.Auth;

/// <summary>Hashes and verifies passwords with scrypt (the docs' PasswordService).</summary>
/// <remarks>
/// Hashes are <c>hex(salt):hex(key)</c> for the default cost (N=16384, r=8, p=1), byte-compatible with the TypeScript
/// original, and <c>$scrypt$ln=..,r=..,p=..$salt$key</c> (PHC, base64) for any other cost. Verification is
/// timing-safe and never throws for a malformed hash. At most <see cref="PasswordOptions.MaxConcurrentHashes"/>
/// hashes run at once; past that, callers wait up to <see cref="PasswordOptions.MaxQueueWait"/>, then get
/// <see cref="PasswordHasherOverloadedException"/>. Passwords and hashes are never logged.
/// </remarks>
public sealed partial class PasswordService
{
    /// <summary>Holds the longest accepted password in UTF-8 bytes.</summary>
    public const int MaxPasswordBytes = 1024;

    private readonly ScryptParameters _parameters;
    private readonly ScryptFunction _scrypt;
    private readonly ILogger _logger;

    internal AuthMetrics Metrics { get; } // the JustScale.Auth counters: this service's, and its UserService's (logins, registrations)

    /// <summary>Creates the service from its options, with an optional clock (for the queue wait), logger and meter factory (for its counters).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="DllNotFoundException">The native libsodium library is missing for this platform.</exception>
    public PasswordService(PasswordOptions options, TimeProvider? timeProvider = null, ILogger<PasswordService>? logger = null, IMeterFactory? meterFactory = null)
        : this(options, timeProvider ?? TimeProvider.System, logger ?? (ILogger)NullLogger.Instance, Scrypt.DeriveKey, meterFactory)
    {
        Scrypt.EnsureInitialized();
    }

    internal PasswordService(PasswordOptions options, TimeProvider timeProvider, ILogger logger, ScryptFunction scrypt, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _parameters = options.Validate();
        _scrypt = scrypt;
        _logger = logger;
        _time = timeProvider;
        Metrics = new AuthMetrics(meterFactory);
        _maxConcurrentHashes = options.MaxConcurrentHashes;
        _slots = new SemaphoreSlim(options.MaxConcurrentHashes, options.MaxConcurrentHashes);
        _maxQueueWait = options.MaxQueueWait;
        _retryAfter = options.OverloadRetryAfter;
        _minLength = options.MinLength;
        _validator = options.Validator;
        _refuseCommon = options.RefuseCommonPasswords;
    }

    /// <summary>Hashes a password with a fresh 32-byte random salt and the configured cost.</summary>
    /// <exception cref="PasswordTooLongException">The password exceeds <see cref="MaxPasswordBytes"/> UTF-8 bytes.</exception>
    /// <exception cref="PasswordHasherOverloadedException">No hashing slot freed up within the queue wait.</exception>
    public async Task<string> HashAsync(string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (IsTooLong(password))
        {
            throw new PasswordTooLongException();
        }

        return await InSlotAsync(() => HashCore(password), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns whether a password matches a stored hash, comparing in constant time.</summary>
    /// <remarks>
    /// Returns false, without running scrypt, for a malformed hash or a password over <see cref="MaxPasswordBytes"/> bytes.
    /// </remarks>
    /// <exception cref="PasswordHasherOverloadedException">No hashing slot freed up within the queue wait.</exception>
    public async Task<bool> VerifyAsync(string password, string hash, CancellationToken cancellationToken = default) =>
        CanVerify(password, hash) && await InSlotAsync(() => VerifyCore(password, hash), cancellationToken).ConfigureAwait(false);

    /// <summary>Returns whether a stored hash should be replaced: its cost differs from the configured one, or it is malformed.</summary>
    /// <remarks>Call it after a successful verification and store <see cref="HashAsync"/>'s result when it returns true.</remarks>
    public bool NeedsRehash(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return !PasswordHashFormat.TryReadParameters(hash, out var parameters) || parameters != _parameters;
    }

    private static bool IsTooLong(string password) =>
        password.Length > MaxPasswordBytes || Encoding.UTF8.GetByteCount(password) > MaxPasswordBytes;

    private bool CanVerify(string password, string hash)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(hash);
        if (IsTooLong(password))
        {
            return false;
        }

        if (!PasswordHashFormat.TryReadParameters(hash, out _))
        {
            // An empty hash is how a user without a password is stored; anything else malformed is worth a warning.
            if (hash.Length > 0)
            {
                Log.MalformedHash(_logger);
            }

            return false;
        }

        return true;
    }

    private string HashCore(string password)
    {
        Span<byte> passwordBytes = stackalloc byte[MaxPasswordBytes];
        Span<byte> salt = stackalloc byte[PasswordHashFormat.SaltBytes];
        Span<byte> key = stackalloc byte[PasswordHashFormat.KeyBytes];
        try
        {
            var length = Encoding.UTF8.GetBytes(password, passwordBytes);
            RandomNumberGenerator.Fill(salt);
            _scrypt(passwordBytes[..length], salt, _parameters, key);
            return PasswordHashFormat.Format(_parameters, salt, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private bool VerifyCore(string password, string hash)
    {
        Span<byte> passwordBytes = stackalloc byte[MaxPasswordBytes];
        Span<byte> salt = stackalloc byte[PasswordHashFormat.SaltBytes];
        Span<byte> expected = stackalloc byte[PasswordHashFormat.KeyBytes];
        Span<byte> actual = stackalloc byte[PasswordHashFormat.KeyBytes];
        try
        {
            if (!PasswordHashFormat.TryParse(hash, out var parameters, salt, expected))
            {
                return false;
            }

            var length = Encoding.UTF8.GetBytes(password, passwordBytes);
            _scrypt(passwordBytes[..length], salt, parameters, actual);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
            CryptographicOperations.ZeroMemory(actual);
        }
    }
}
