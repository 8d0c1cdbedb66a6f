using System.Globalization;
using System.Text;

namespace JustScale.Auth;

/// <summary>Puts emails in one form for storage and lookup, and refuses the ones that could pass for another address.</summary>
/// <remarks>
/// Normalised as trimmed, NFKC (fullwidth <c>ａ</c> is <c>a</c>, a decomposed <c>é</c> is the composed one, ligatures are
/// split) and lowercase, so lookalikes of one address are one account. Refused at registration: anything invisible or
/// direction-changing that NFKC keeps (zero-width space, soft hyphen, word joiner, bidi overrides and isolates, variation
/// selectors, Hangul fillers), control characters, unassigned code points and whitespace inside the address.
/// </remarks>
internal static class EmailAddresses
{
    /// <summary>Returns the stored form: trimmed, NFKC, lowercase. A string that is not valid Unicode (a lone surrogate) is only trimmed and lowercased; it never registers.</summary>
    public static string Normalize(string email)
    {
        var trimmed = email.Trim();
        try
        {
            trimmed = trimmed.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // Invalid UTF-16: left as is, refused by IsAcceptable, matched by no stored row.
        }

        return trimmed.ToLowerInvariant();
    }

    /// <summary>Tells whether a normalised address holds only visible, assigned, non-control characters.</summary>
    public static bool HasOnlyVisibleCharacters(string normalized)
    {
        foreach (var rune in EnumerateOrFail(normalized))
        {
            if (rune is null || IsInvisible(rune.Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Tells whether a string is valid UTF-16 (no lone surrogate), which PostgreSQL's text can store.</summary>
    public static bool IsValidUnicode(string text) => EnumerateOrFail(text).All(rune => rune is not null);

    private static IEnumerable<Rune?> EnumerateOrFail(string text)
    {
        var index = 0;
        while (index < text.Length)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                yield return null;
                yield break;
            }

            yield return rune;
            index += consumed;
        }
    }

    private static bool IsInvisible(Rune rune)
    {
        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.Format:            // ZWSP, ZWJ, soft hyphen, word joiner, bidi controls, BOM
            case UnicodeCategory.Control:
            case UnicodeCategory.OtherNotAssigned:
            case UnicodeCategory.PrivateUse:
            case UnicodeCategory.Surrogate:
            case UnicodeCategory.SpaceSeparator:
            case UnicodeCategory.LineSeparator:
            case UnicodeCategory.ParagraphSeparator:
                return true;
        }

        // Default-ignorable code points in other categories (Unicode's DerivedCoreProperties).
        var value = rune.Value;
        return value is 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x3164 or 0xFFA0
            or (>= 0x180B and <= 0x180F) or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF);
    }
}
