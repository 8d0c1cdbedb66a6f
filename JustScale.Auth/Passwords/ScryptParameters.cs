namespace JustScale.Auth;

/// <summary>Holds one set of scrypt cost parameters: N = 2^<see cref="Log2N"/>, block size r and parallelism p.</summary>
internal readonly record struct ScryptParameters(int Log2N, int BlockSize, int Parallelism)
{
    /// <summary>Caps the memory one hash may take (128 * r * N bytes), as libsodium's "sensitive" limit does.</summary>
    public const long MaxMemoryBytes = 1L << 30;

    /// <summary>Caps p; RFC 7914's largest test vector uses 16.</summary>
    public const int MaxParallelism = 16;

    /// <summary>Gets the parameters of the TypeScript original and of the plain <c>salt:key</c> form: 16384/8/1.</summary>
    public static ScryptParameters Default { get; } = new(14, 8, 1);

    /// <summary>Gets N, the CPU/memory cost.</summary>
    public ulong N => 1UL << Log2N;

    /// <summary>Returns whether the parameters are well formed and within the memory and parallelism caps.</summary>
    public bool IsSupported =>
        Log2N is >= 1 and <= 30
        && BlockSize >= 1
        && Parallelism is >= 1 and <= MaxParallelism
        && 128L * BlockSize <= MaxMemoryBytes >> Log2N;

    /// <summary>Returns the parameters for a cost N, or null when N is not a power of two above 1.</summary>
    public static ScryptParameters? FromCost(int n, int blockSize, int parallelism) =>
        n > 1 && int.IsPow2(n) ? new ScryptParameters(int.Log2(n), blockSize, parallelism) : null;
}
