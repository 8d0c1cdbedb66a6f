using System.Buffers;
using System.Globalization;

namespace JustScale.Auth;

/// <summary>Writes and strictly parses the two stored forms of a password hash.</summary>
/// <remarks>
/// The plain form <c>hex(salt):hex(key)</c> (lowercase, 32-byte salt, 64-byte key) is the TypeScript original's
/// and always means N=16384, r=8, p=1. Any other parameters use the PHC string format, as passlib writes it:
/// <c>$scrypt$ln=&lt;log2 N&gt;,r=&lt;r&gt;,p=&lt;p&gt;$&lt;salt&gt;$&lt;key&gt;</c>, salt and key in standard
/// base64 without padding. Parsing accepts only the canonical spelling of either form.
/// </remarks>
internal static class PasswordHashFormat
{
    /// <summary>Holds the salt length in bytes.</summary>
    public const int SaltBytes = 32;

    /// <summary>Holds the derived key length in bytes.</summary>
    public const int KeyBytes = 64;

    private const string PhcPrefix = "$scrypt$";
    private const int PlainLength = (SaltBytes * 2) + 1 + (KeyBytes * 2);
    private const int SaltBase64Length = ((SaltBytes * 4) + 2) / 3;
    private const int KeyBase64Length = ((KeyBytes * 4) + 2) / 3;

    /// <summary>Returns the stored form of a salt and key derived with the given parameters.</summary>
    public static string Format(ScryptParameters parameters, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> key)
    {
        if (parameters == ScryptParameters.Default)
        {
            return string.Concat(Convert.ToHexStringLower(salt), ":", Convert.ToHexStringLower(key));
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"{PhcPrefix}ln={parameters.Log2N},r={parameters.BlockSize},p={parameters.Parallelism}${Unpadded(salt)}${Unpadded(key)}");
    }

    /// <summary>Parses a stored hash into its parameters, salt and key; returns false for anything not canonical.</summary>
    /// <param name="hash">The stored hash.</param>
    /// <param name="parameters">The cost parameters the hash was made with.</param>
    /// <param name="salt">Receives the salt; must hold <see cref="SaltBytes"/> bytes.</param>
    /// <param name="key">Receives the key; must hold <see cref="KeyBytes"/> bytes.</param>
    public static bool TryParse(ReadOnlySpan<char> hash, out ScryptParameters parameters, Span<byte> salt, Span<byte> key)
    {
        if (hash.StartsWith(PhcPrefix, StringComparison.Ordinal))
        {
            return TryParsePhc(hash[PhcPrefix.Length..], out parameters, salt, key);
        }

        parameters = ScryptParameters.Default;
        return hash.Length == PlainLength
            && hash[SaltBytes * 2] == ':'
            && TryDecodeLowerHex(hash[..(SaltBytes * 2)], salt)
            && TryDecodeLowerHex(hash[((SaltBytes * 2) + 1)..], key);
    }

    /// <summary>Returns whether a hash parses, and with which parameters, without keeping its salt and key.</summary>
    public static bool TryReadParameters(ReadOnlySpan<char> hash, out ScryptParameters parameters)
    {
        Span<byte> salt = stackalloc byte[SaltBytes];
        Span<byte> key = stackalloc byte[KeyBytes];
        return TryParse(hash, out parameters, salt, key);
    }

    private static bool TryParsePhc(ReadOnlySpan<char> rest, out ScryptParameters parameters, Span<byte> salt, Span<byte> key)
    {
        parameters = default;
        if (!TryTakeNumber(ref rest, "ln=", ',', out var log2N)
            || !TryTakeNumber(ref rest, "r=", ',', out var blockSize)
            || !TryTakeNumber(ref rest, "p=", '$', out var parallelism))
        {
            return false;
        }

        parameters = new ScryptParameters(log2N, blockSize, parallelism);
        return parameters.IsSupported
            && rest.Length == SaltBase64Length + 1 + KeyBase64Length
            && rest[SaltBase64Length] == '$'
            && TryDecodeUnpadded(rest[..SaltBase64Length], salt)
            && TryDecodeUnpadded(rest[(SaltBase64Length + 1)..], key);
    }

    // Reads "<name><digits><terminator>": 1 to 4 digits, no sign, no leading zero.
    private static bool TryTakeNumber(ref ReadOnlySpan<char> rest, string name, char terminator, out int value)
    {
        value = 0;
        if (!rest.StartsWith(name, StringComparison.Ordinal))
        {
            return false;
        }

        rest = rest[name.Length..];
        var end = rest.IndexOf(terminator);
        if (end is < 1 or > 4 || rest[0] == '0' || !int.TryParse(rest[..end], NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        rest = rest[(end + 1)..];
        return true;
    }

    // Lowercase only: the plain form is canonical, so "AB" where "ab" was written is another (refused) hash.
    private static bool TryDecodeLowerHex(ReadOnlySpan<char> hex, Span<byte> destination) =>
        hex.Length == destination.Length * 2
        && !hex.ContainsAnyInRange('A', 'F')
        && Convert.FromHexString(hex, destination, out _, out _) == OperationStatus.Done;

    private static string Unpadded(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    // Accepts exactly what Unpadded writes: standard alphabet, no padding, no whitespace, zero trailing bits.
    private static bool TryDecodeUnpadded(ReadOnlySpan<char> text, Span<byte> destination)
    {
        Span<char> padded = stackalloc char[KeyBase64Length + 2];
        var paddedLength = (text.Length + 3) / 4 * 4;
        if (text.Contains('=') || paddedLength > padded.Length)
        {
            return false;
        }

        text.CopyTo(padded);
        padded[text.Length..paddedLength].Fill('=');
        if (!Convert.TryFromBase64Chars(padded[..paddedLength], destination, out var written) || written != destination.Length)
        {
            return false;
        }

        Span<char> canonical = stackalloc char[paddedLength];
        return Convert.TryToBase64Chars(destination, canonical, out var length)
            && canonical[..length].TrimEnd('=').SequenceEqual(text);
    }
}
