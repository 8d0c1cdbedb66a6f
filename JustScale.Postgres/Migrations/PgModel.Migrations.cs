namespace JustScale.Postgres;

/// <content>What a migration compares with the catalog: the model's columns and indexes.</content>
public abstract partial class PgModel
{
    /// <summary>Returns the columns the table needs, in model order; references are resolved by <paramref name="tableOf"/>.</summary>
    internal abstract IReadOnlyList<ExpectedColumn> ExpectedColumns(Func<Type, PgModel> tableOf);

    /// <summary>Returns the indexes the table needs, by name, with the statement that creates each (IF NOT EXISTS).</summary>
    /// <remarks>Read from <see cref="SchemaStatements"/>, so every index the mapping declares is compared, composite ones too.</remarks>
    internal IReadOnlyList<(string Name, string Sql)> ExpectedIndexes(Func<Type, PgModel> tableOf)
    {
        const string marker = "INDEX IF NOT EXISTS ";
        return [.. SchemaStatements(tableOf)
            .Select(statement => (Sql: statement, At: statement.IndexOf(marker, StringComparison.Ordinal)))
            .Where(index => index.Sql.StartsWith("CREATE ", StringComparison.Ordinal) && index.At > 0)
            .Select(index => (index.Sql[(index.At + marker.Length)..].Split(' ', 2)[0].Trim('"'), index.Sql))];
    }
}
