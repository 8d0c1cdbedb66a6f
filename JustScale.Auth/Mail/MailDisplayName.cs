using System.Globalization;
using System.Text;

namespace JustScale.Auth;

/// <summary>Decides whether a user's display name may appear in a mail: a short single line of letters, never a sentence or a link.</summary>
/// <remarks>
/// The name is chosen by whoever registered, so a mail that greets by name carries attacker-chosen text to the address's
/// owner (issue 25: "Hello Ada, your account is locked. Restore it now at https://evil.example/r," in a verification mail).
/// Only names of at most <see cref="MaxLength"/> characters made of letters, combining marks, spaces, hyphens, apostrophes and
/// periods pass, with no period followed by a letter (a domain such as <c>evil.example</c>); any other name is left out
/// and the mail says "Hello". The check is an allowlist: punctuation, digits, slashes, colons and controls all drop the name.
/// </remarks>
internal static class MailDisplayName
{
    /// <summary>Gets the longest name shown.</summary>
    public const int MaxLength = 40;

    /// <summary>Returns the name to show, trimmed and NFC-normalised, or null when there is none or it does not pass.</summary>
    public static string? Sanitize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var trimmed = name.Trim().Normalize(NormalizationForm.FormC); // the same string when it already is
        if (trimmed.Length > MaxLength)
        {
            return null;
        }

        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            var allowed = char.IsLetter(c)
                || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                || c is ' ' or '-' or '\'' or '\u2019'
                || (c == '.' && (i + 1 == trimmed.Length || !char.IsLetter(trimmed[i + 1])));
            if (!allowed)
            {
                return null;
            }
        }

        return trimmed.Contains("  ", StringComparison.Ordinal) ? null : trimmed;
    }
}
