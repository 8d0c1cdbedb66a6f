using System.Buffers;
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

    /// <summary>The stored form's length: SHA-256 in lowercase hex.</summary>
    public const int DigestLength = SHA256.HashSizeInBytes * 2;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>Returns whether a string has the shape of a token: exactly 64 lowercase hex characters.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> token) => token.Length == TokenLength && !token.ContainsAnyExcept(LowerHex);

    // Writes the stored form of a well-formed token (ASCII hex) into destination, allocating nothing: the session cache's hit path.
    public static void Digest(ReadOnlySpan<char> token, Span<char> destination)
    {
        Span<byte> bytes = stackalloc byte[TokenLength];
        var length = Encoding.ASCII.GetBytes(token, bytes);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..length], hash);
        Convert.TryToHexStringLower(hash, destination, out _);
    }

    /// <summary>Returns the lowercase hex SHA-256 of the token's UTF-8 bytes: what the sessions table stores.</summary>
    public static string Digest(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
