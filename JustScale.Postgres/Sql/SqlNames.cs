using System.Text;
using System.Text.RegularExpressions;

namespace JustScale.Postgres;

/// <summary>Turns property names into column names and writes identifiers into SQL safely.</summary>
internal static partial class SqlNames
{
    // PostgreSQL's reserved key words (and those reserved as column or table names); they need quotes.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "binary", "both",
        "case", "cast", "check", "collate", "collation", "column", "concurrently", "constraint", "create", "cross",
        "current_catalog", "current_date", "current_role", "current_schema", "current_time", "current_timestamp",
        "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch",
        "for", "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike", "in", "initially", "inner",
        "intersect", "into", "is", "isnull", "join", "lateral", "leading", "left", "like", "limit", "localtime",
        "localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only", "or", "order", "outer",
        "overlaps", "placing", "primary", "references", "returning", "right", "select", "session_user", "similar",
        "some", "symmetric", "system_user", "table", "tablesample", "then", "to", "trailing", "true", "union", "unique",
        "user", "using", "variadic", "verbose", "when", "where", "window", "with",
    };

    /// <summary>Returns the snake_case form of a PascalCase or camelCase name (<c>EmailVerifiedAt</c> -> <c>email_verified_at</c>).</summary>
    public static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var upper = char.IsUpper(c);
            if (upper && i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) // a word after a lower-case letter or digit,
                || (char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1])))) // or the last capital of an acronym
            {
                text.Append('_');
            }

            text.Append(upper ? char.ToLowerInvariant(c) : c);
        }

        return text.ToString();
    }

    /// <summary>Throws unless the name is a plain lower-case identifier PostgreSQL keeps as written (at most 63 bytes).</summary>
    public static string Validate(string name, string what)
    {
        if (!IdentifierPattern().IsMatch(name))
        {
            throw new ArgumentException(
                $"The {what} '{name}' is not a plain identifier: use lower-case letters, digits and underscores, starting with a letter or underscore, at most 63 characters.",
                nameof(name));
        }

        return name;
    }

    /// <summary>Writes an identifier, quoted only when it is a reserved word.</summary>
    public static string Quote(string identifier) => Reserved.Contains(identifier) ? $"\"{identifier}\"" : identifier;

    /// <summary>Cuts a generated name to the 63 characters PostgreSQL keeps of an identifier, so the name used and the name stored agree.</summary>
    public static string Truncate(string name) => name.Length <= 63 ? name : name[..63];

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
