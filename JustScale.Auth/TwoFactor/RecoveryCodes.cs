using System.Security.Cryptography;
using System.Text;

namespace JustScale.Auth;

/// <summary>Makes recovery codes (10 base32 characters, 50 random bits, shown as <c>xxxxx-xxxxx</c>) and the digests stored in their place.</summary>
internal static class RecoveryCodes
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private const int Length = 10;

    /// <summary>Returns a new code, as shown to the user.</summary>
    public static string New()
    {
        var chars = RandomNumberGenerator.GetString(Alphabet, Length);
        return $"{chars[..5]}-{chars[5..]}";
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

        return builder.Length == Length ? builder.ToString() : null;
    }

    /// <summary>Returns the stored digest: SHA-256 of the user's id and the normalised code, so equal codes of two users differ.</summary>
    public static string Digest(Guid userId, string normalized) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId:N}:{normalized}")));
}
