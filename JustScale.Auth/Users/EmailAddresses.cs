using System.Buffers;
using System.Globalization;
using System.Text;

namespace JustScale.Auth;

/// <summary>Puts emails in one form for storage and lookup, and refuses the ones that could pass for another address.</summary>
/// <remarks>
/// Normalised as trimmed, NFKC (fullwidth <c>ａ</c> is <c>a</c>, a decomposed <c>é</c> is the composed one, ligatures are
/// split) and lowercase, so lookalikes of one address are one account. Refused at registration: anything invisible or
/// direction-changing that NFKC keeps (zero-width space, soft hyphen, word joiner, bidi overrides and isolates, variation
/// selectors, Hangul fillers), control characters, unassigned code points and whitespace inside the address; and (issue 25)
/// any address that is not an RFC 5321 dot-atom: a local part of letters, digits and <c>!#$%&amp;'*+-/=?^_`{|}~</c> between
/// single dots, whose letters are all of one script (<c>аdmin</c> with a Cyrillic <c>а</c> is refused, an all-Cyrillic one
/// is not) and carry no combining marks (U+0307); a domain of ASCII letter-digit-hyphen labels (IDNs in their <c>xn--</c>
/// form), at least two, with no trailing dot.
/// </remarks>
internal static class EmailAddresses
{
    private static readonly SearchValues<char> DomainCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");

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
    public static bool HasOnlyVisibleCharacters(string normalized) => EnumerateOrFail(normalized).All(rune => rune is { } r && !IsInvisible(r));

    /// <summary>Tells whether a normalised address is a dot-atom address whose local part is of one script and whose domain is ASCII.</summary>
    public static bool IsWellFormed(string normalized)
    {
        var at = normalized.LastIndexOf('@');
        return at is > 0 and <= 64 && at < normalized.Length - 1 && IsLocalPart(normalized.AsSpan(0, at)) && IsDomain(normalized.AsSpan(at + 1));
    }

    /// <summary>Tells whether a string is valid UTF-16 (no lone surrogate), which PostgreSQL's text can store.</summary>
    public static bool IsValidUnicode(string text) => EnumerateOrFail(text).All(rune => rune is not null);

    private static IEnumerable<Rune?> EnumerateOrFail(string text)
    {
        var index = 0;
        while (index < text.Length)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed) != OperationStatus.Done)
            {
                yield return null;
                yield break;
            }

            yield return rune;
            index += consumed;
        }
    }

    private static bool IsLocalPart(ReadOnlySpan<char> local)
    {
        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        int? script = null;
        foreach (var rune in local.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                var c = (char)rune.Value;
                if (char.IsAsciiDigit(c) || c == '.' || "!#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal))
                {
                    continue;
                }

                if (!char.IsAsciiLetter(c))
                {
                    return false; // a comma, quote, space, parenthesis, angle bracket, backslash, colon, semicolon, at sign
                }
            }
            else if (!Rune.IsLetter(rune))
            {
                return false; // combining marks (U+0307), symbols and punctuation outside ASCII
            }

            var current = ScriptOf(rune.Value);
            if (script is { } first && first != current)
            {
                return false;
            }

            script = current;
        }

        return true;
    }

    private static bool IsDomain(ReadOnlySpan<char> domain)
    {
        if (domain.Length > 253)
        {
            return false;
        }

        var labels = 0;
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false; // an empty label is a leading, doubled or trailing dot (x@example.com.)
            }

            if (label.ContainsAnyExcept(DomainCharacters))
            {
                return false; // a non-ASCII domain (a Cyrillic lookalike) must come in its xn-- form
            }

            labels++;
        }

        return labels >= 2;
    }

    /// <summary>Returns a number standing for the script of a letter, from its Unicode block: enough to tell Latin, Greek,
    /// Cyrillic and the other alphabets apart, which is what lookalike addresses mix.</summary>
    private static int ScriptOf(int value) => value switch
    {
        <= 0x024F or (>= 0x1E00 and <= 0x1EFF) or (>= 0x2C60 and <= 0x2C7F) or (>= 0xA720 and <= 0xA7FF) => 1, // Latin
        (>= 0x0370 and <= 0x03FF) or (>= 0x1F00 and <= 0x1FFF) => 2,                                          // Greek
        (>= 0x0400 and <= 0x052F) or (>= 0x2DE0 and <= 0x2DFF) or (>= 0xA640 and <= 0xA69F) or (>= 0x1C80 and <= 0x1C8F) => 3, // Cyrillic
        (>= 0x3040 and <= 0x30FF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) => 4,             // Japanese and Chinese
        (>= 0xAC00 and <= 0xD7AF) or (>= 0x1100 and <= 0x11FF) or (>= 0x3130 and <= 0x318F) => 5,             // Hangul
        _ => 0x10000 + (value >> 7),                                                                           // other alphabets, by block
    };

    private static bool IsInvisible(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format // ZWSP, ZWJ, soft hyphen, word joiner, bidi controls, BOM
            or UnicodeCategory.Control or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate
            or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        // Default-ignorable code points in other categories (Unicode's DerivedCoreProperties).
        || rune.Value is 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x3164 or 0xFFA0
            or (>= 0x180B and <= 0x180F) or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF);
}
