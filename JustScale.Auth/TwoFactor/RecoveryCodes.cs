using System.Security.Cryptography;
using System.Text;

namespace JustScale.Auth;

/// <summary>Makes recovery codes (16 base32 characters, 80 random bits, shown as <c>xxxx-xxxx-xxxx-xxxx</c>) and the digests stored in their place.</summary>
/// <remarks>80 bits (ASVS 2.6.2, issue 25) make the stored SHA-256 digest useless to someone who reads the table: it cannot be
/// searched. Codes of 10 characters (50 bits) made before are still accepted until used or replaced.</remarks>
internal static class RecoveryCodes
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private const int Length = 16;
    private const int LegacyLength = 10;

    /// <summary>Returns a new code, as shown to the user.</summary>
    public static string New()
    {
        var chars = RandomNumberGenerator.GetString(Alphabet, Length);
        return $"{chars[..4]}-{chars[4..8]}-{chars[8..12]}-{chars[12..]}";
    }

    /// <summary>Returns the code without separators, lowercased, or null when it cannot be a recovery code.</summary>
    public static string? Normalize(string code)
    {
        var builder = new StringBuilder(Length);
        foreach (var c in code)
        {
            if (c is '-' or ' ')
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            if (!Alphabet.Contains(lower, StringComparison.Ordinal) || builder.Length == Length)
            {
                return null;
            }

            builder.Append(lower);
        }

        return builder.Length is Length or LegacyLength ? builder.ToString() : null;
    }

    /// <summary>Returns the stored digest: SHA-256 of the user's id and the normalised code, so equal codes of two users differ.</summary>
    public static string Digest(Guid userId, string normalized) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId:N}:{normalized}")));
}
