using System.Buffers.Binary;
using System.Security.Cryptography;

namespace JustScale.Auth;

/// <summary>Computes RFC 6238 time-based one-time passwords: HMAC-SHA-1, 30-second steps from the Unix epoch, 6 digits.</summary>
/// <remarks>The algorithm authenticator apps implement by default; checked against the RFC's SHA-1 test vectors.</remarks>
internal static class Totp
{
    /// <summary>Gets the length of a step: 30 seconds.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(30);

    /// <summary>Gets the number of digits of a code: 6.</summary>
    public const int Digits = 6;

    /// <summary>Returns the step an instant falls in: whole periods since the Unix epoch.</summary>
    public static long StepAt(DateTimeOffset instant) => (long)Math.Floor((instant - DateTimeOffset.UnixEpoch) / Period);

    /// <summary>Returns the code of a step (RFC 4226 HOTP with the step as counter), zero-padded to <paramref name="digits"/>.</summary>
    public static string Code(ReadOnlySpan<byte> secret, long step, int digits = Digits)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(secret, counter, hash);
        var offset = hash[^1] & 0x0f;
        var binary = BinaryPrimitives.ReadInt32BigEndian(hash.Slice(offset, 4)) & 0x7fffffff;
        var modulus = (int)Math.Pow(10, digits);
        return (binary % modulus).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    /// <summary>Returns whether a string has the shape of a code: exactly six ASCII digits.</summary>
    public static bool IsWellFormed(string code) => code.Length == Digits && code.All(char.IsAsciiDigit);
}
