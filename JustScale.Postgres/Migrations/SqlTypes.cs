using System.Text.RegularExpressions;

namespace JustScale.Postgres;

/// <summary>Writes a SQL type in one canonical, short form, so a DDL type (<c>VARCHAR(100)</c>) compares with the catalog's (<c>character varying(100)</c>).</summary>
internal static partial class SqlTypes
{
    /// <summary>Returns the canonical form: lower case, single spaces, PostgreSQL's aliases folded (<c>varchar(100)</c>, <c>timestamptz</c>, <c>integer</c>).</summary>
    public static string Canonical(string type)
    {
        var text = Spaces().Replace(type.Trim().ToLowerInvariant(), " ").Replace(", ", ",", StringComparison.Ordinal);
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var (name, modifier) = open < 0 ? (text, "") : (text[..open].TrimEnd(), text[open..]);
        name = name switch
        {
            "character varying" => "varchar",
            "character" or "bpchar" => "char",
            "timestamp with time zone" => "timestamptz",
            "timestamp without time zone" => "timestamp",
            "time with time zone" => "timetz",
            "time without time zone" => "time",
            "int" or "int4" => "integer",
            "int8" => "bigint",
            "int2" => "smallint",
            "bool" => "boolean",
            "float8" => "double precision",
            "float4" => "real",
            "decimal" => "numeric",
            _ => name,
        };
        return name + modifier;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
