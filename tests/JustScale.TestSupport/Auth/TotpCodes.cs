using System.Globalization;
using System.Security.Cryptography;

namespace JustScale.Testing;

/// <summary>Computes RFC 6238 codes the way an authenticator app does (HMAC-SHA-1, 30 s, 6 digits), independently of the code under test.</summary>
public static class TotpCodes
{
    /// <summary>Returns the code of the base32 secret for the 30-second step that contains <paramref name="at"/>, shifted by <paramref name="steps"/>.</summary>
    public static string At(string base32Secret, DateTimeOffset at, int steps = 0)
    {
        var counter = (at.ToUnixTimeSeconds() / 30) + steps;
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(message);
        }

        var hash = HMACSHA1.HashData(FromBase32(base32Secret), message);
        var offset = hash[19] & 0xf;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>Decodes RFC 4648 base32.</summary>
    public static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(text.TrimEnd('=').Select(c => Convert.ToString(alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal), 2).PadLeft(5, '0')));
        return [.. Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2))];
    }
}
