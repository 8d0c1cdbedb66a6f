using System.Globalization;

namespace JustScale.Postgres;

/// <content>The model's columns as a migration compares them with the catalog.</content>
public sealed partial class PgModel<T>
{
    /// <inheritdoc />
    /// <remarks>Each definition is the column's line of the CREATE TABLE statement, so an added column is exactly the one a
    /// fresh table would have.</remarks>
    internal override IReadOnlyList<ExpectedColumn> ExpectedColumns(Func<Type, PgModel> tableOf)
    {
        var lines = SchemaStatements(tableOf)[0].Split('\n').Select(line => line.Trim().TrimEnd(',')).ToList();
        return [.. Columns.Select(column =>
        {
            var prefix = $"{column.Sql} {column.SqlType}";
            var definition = lines.FirstOrDefault(l => l.StartsWith(prefix + " ", StringComparison.Ordinal) || l == prefix) ?? prefix;
            return new ExpectedColumn(
                column.Name,
                column.SqlType,
                NotNull: definition.Contains(" NOT NULL", StringComparison.Ordinal) || definition.Contains(" PRIMARY KEY", StringComparison.Ordinal),
                HasDefault: definition.Contains(" DEFAULT ", StringComparison.Ordinal),
                definition,
                Literal(column.Field.DefaultValue));
        })];
    }

    private static string? Literal(object? value) => value switch
    {
        string text => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'",
        bool flag => flag ? "TRUE" : "FALSE",
        int or long or short or decimal or double or float => Convert.ToString(value, CultureInfo.InvariantCulture),
        _ => null,
    };
}
