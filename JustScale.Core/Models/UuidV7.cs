using System.Buffers.Binary;
using System.Security.Cryptography;

namespace JustScale.Core;

/// <summary>Makes time-ordered UUIDs (version 7) that increase strictly within this process, in PostgreSQL's uuid order.</summary>
/// <remarks>
/// 48 bits of Unix milliseconds, then a 12-bit counter (RFC 9562, method 1), then 62 random bits. Rows inserted one
/// after another therefore sort by id in insertion order, which breaks ties between equal creation times the way
/// callers expect; and new ids land at the right edge of the primary-key index.
/// </remarks>
public static class UuidV7
{
    private static long _last;

    /// <summary>Returns the next id.</summary>
    public static Guid Next()
    {
        var candidate = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << 12;
        long last, next;
        do
        {
            last = Volatile.Read(ref _last);
            next = Math.Max(candidate, last + 1);
        }
        while (Interlocked.CompareExchange(ref _last, next, last) != last);

        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[8..]);
        var milliseconds = next >> 12;
        var counter = (int)(next & 0xFFF);
        BinaryPrimitives.WriteInt64BigEndian(bytes, milliseconds << 16);
        bytes[6] = (byte)(0x70 | (counter >> 8));
        bytes[7] = (byte)counter;
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
