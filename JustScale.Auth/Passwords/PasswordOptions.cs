namespace JustScale.Auth;

/// <summary>Configures <see cref="PasswordService"/>: the scrypt cost and how many hashes may run at once.</summary>
/// <remarks>
/// The defaults (N=16384, r=8, p=1) are the TypeScript original's, so hashes stay readable by it. Raising the cost
/// makes new hashes use the self-describing PHC form; older hashes keep verifying, and
/// <see cref="PasswordService.NeedsRehash"/> tells login to upgrade them. Each hash needs 128 * r * N bytes (16 MiB
/// by default), which is why <see cref="MaxConcurrentHashes"/> bounds them.
/// </remarks>
public sealed class PasswordOptions
{
    /// <summary>Gets or sets scrypt's CPU/memory cost N, a power of two; 16384 by default.</summary>
    public int Cost { get; set; } = 16384;

    /// <summary>Gets or sets scrypt's block size r; 8 by default.</summary>
    public int BlockSize { get; set; } = 8;

    /// <summary>Gets or sets scrypt's parallelism p (1 to 16); 1 by default.</summary>
    public int Parallelism { get; set; } = 1;

    /// <summary>Gets or sets the fewest characters (Unicode code points) a new password may have; 8 by default (NIST SP 800-63B).</summary>
    /// <remarks>Applied to registration, reset and change alike; never to login, so a shorter password set before still logs in.</remarks>
    public int MinLength { get; set; } = 8;

    /// <summary>Gets or sets whether a new password on the shipped list of common passwords (about 6,700) is refused with 400
    /// <c>password_too_common</c>; true by default (NIST SP 800-63B 5.1.1.2).</summary>
    public bool RefuseCommonPasswords { get; set; } = true;

    /// <summary>Gets or sets an app's own check of a new password (a breached-password list, say): return null to accept, or the message to answer 400 with.</summary>
    /// <remarks>Runs after the length checks, before hashing. The message goes to the client: never echo the password in it.</remarks>
    public Func<string, string?>? Validator { get; set; }

    /// <summary>Gets or sets how many hashes may run at once; the processor count by default.</summary>
    /// <remarks>scrypt is CPU-bound, so more than one per core adds memory (16 MiB each) but no throughput.</remarks>
    public int MaxConcurrentHashes { get; set; } = Environment.ProcessorCount;

    /// <summary>Gets or sets how long a caller waits for a free slot before the service reports overload; 3 seconds by default.</summary>
    public TimeSpan MaxQueueWait { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Gets or sets the Retry-After an overloaded caller is given; 1 second by default.</summary>
    public TimeSpan OverloadRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Returns the scrypt parameters after checking every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    internal ScryptParameters Validate()
    {
        if (ScryptParameters.FromCost(Cost, BlockSize, Parallelism) is not { IsSupported: true } parameters)
        {
            throw new ArgumentOutOfRangeException(
                nameof(Cost),
                $"scrypt N={Cost}, r={BlockSize}, p={Parallelism} is not supported: N must be a power of two above 1, "
                + $"r at least 1, p from 1 to {ScryptParameters.MaxParallelism}, and 128 * r * N at most 1 GiB.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentHashes, 1, nameof(MaxConcurrentHashes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinLength, 1, nameof(MinLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MinLength, 256, nameof(MinLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueueWait, TimeSpan.Zero, nameof(MaxQueueWait));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxQueueWait, TimeSpan.FromMinutes(5), nameof(MaxQueueWait));
        ArgumentOutOfRangeException.ThrowIfLessThan(OverloadRetryAfter, TimeSpan.FromSeconds(1), nameof(OverloadRetryAfter));
        return parameters;
    }
}
