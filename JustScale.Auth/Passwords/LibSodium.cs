using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace JustScale.Auth;

/// <summary>Binds the two libsodium functions the password hasher needs.</summary>
/// <remarks>
/// The native library comes from the <c>libsodium</c> NuGet package (runtimes/&lt;rid&gt;/native), which flows to
/// applications and test projects through JustScale.Auth's package dependency, so the loader finds it by name.
/// </remarks>
internal static partial class LibSodium
{
    private const string Library = "libsodium";

    /// <summary>Initialises libsodium (CPU feature detection); returns 0 on success, 1 when already done, -1 on failure.</summary>
    [LibraryImport(Library, EntryPoint = "sodium_init")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int SodiumInit();

    /// <summary>Derives <paramref name="bufferLength"/> bytes with scrypt (RFC 7914); returns 0 on success, -1 on failure.</summary>
    [LibraryImport(Library, EntryPoint = "crypto_pwhash_scryptsalsa208sha256_ll")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int ScryptLowLevel(
        ref readonly byte password,
        nuint passwordLength,
        ref readonly byte salt,
        nuint saltLength,
        ulong n,
        uint r,
        uint p,
        ref byte buffer,
        nuint bufferLength);
}
