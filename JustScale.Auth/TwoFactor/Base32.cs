namespace JustScale.Auth;

/// <summary>Encodes and decodes RFC 4648 base32 (A-Z, 2-7, no padding): the form authenticator apps take a secret in.</summary>
internal static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>Returns the bytes as uppercase base32 without padding.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[(bytes.Length * 8 + 4) / 5];
        int buffer = 0, bits = 0, index = 0;
        foreach (var b in bytes)
        {
            buffer = ((buffer << 8) | b) & 0xffff;
            bits += 8;
            while (bits >= 5)
            {
                chars[index++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            chars[index++] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return new string(chars, 0, index);
    }

    /// <summary>Returns the bytes of a base32 string (case-insensitive, padding ignored).</summary>
    /// <exception cref="FormatException">The string holds a character outside the alphabet.</exception>
    public static byte[] Decode(string text)
    {
        var trimmed = text.TrimEnd('=');
        var bytes = new byte[trimmed.Length * 5 / 8];
        int buffer = 0, bits = 0, index = 0;
        foreach (var c in trimmed)
        {
            var value = Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException("Not a base32 string.");
            }

            buffer = ((buffer << 5) | value) & 0xffff;
            bits += 5;
            if (bits >= 8)
            {
                bytes[index++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }
        }

        return bytes;
    }
}
