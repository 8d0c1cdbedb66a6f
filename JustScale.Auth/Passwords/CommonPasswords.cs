using System.Reflection;

namespace JustScale.Auth;

/// <summary>Holds the shipped list of common passwords (about 6,700, lowercase), refused for new passwords (NIST SP 800-63B 5.1.1.2).</summary>
/// <remarks>
/// The list is an embedded resource, <c>common-passwords.txt</c>, made from well-known public patterns: the most frequent
/// passwords of published breach analyses, keyboard walks, repeated and sequential characters, years and dates, and common
/// words with the suffixes people add (see docs/design/common-passwords.md). A password is compared lowercased, so
/// <c>Password1</c> is refused like <c>password1</c>. Loaded once, on first use (about 0.2 MiB).
/// </remarks>
internal static class CommonPasswords
{
    private static readonly Lazy<HashSet<string>> List = new(Load);

    /// <summary>Returns whether the password is on the list (compared lowercased).</summary>
    public static bool Contains(string password) => List.Value.Contains(password.ToLowerInvariant());

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("JustScale.Auth.Passwords.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is missing from JustScale.Auth.");
        using var reader = new StreamReader(stream);
        return new HashSet<string>(reader.ReadToEnd().Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
    }
}
