using System.Security.Cryptography;
using System.Text;

namespace JustScale.Auth;

/// <summary>Makes bearer tokens and the SHA-256 digests stored in their place.</summary>
internal static class SessionTokens
{
    public const int TokenBytes = 32;
    public const int TokenLength = TokenBytes * 2;

    /// <summary>Returns 32 random bytes as 64 lowercase hex characters.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>Returns whether a string has the shape of a token: exactly 64 lowercase hex characters.</summary>
    public static bool IsWellFormed(string? token)
    {
        if (token is null || token.Length != TokenLength)
        {
            return false;
        }

        foreach (var c in token)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns the lowercase hex SHA-256 of the token's UTF-8 bytes: what the sessions table stores.</summary>
    public static string Digest(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
