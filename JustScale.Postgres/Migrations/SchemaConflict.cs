namespace JustScale.Postgres;

/// <summary>Describes a difference between a model and its table that a migration will not apply on its own.</summary>
/// <param name="Table">The table.</param>
/// <param name="Column">The column.</param>
/// <param name="Found">What the database has (<c>integer</c>, <c>NOT NULL</c>, <c>missing</c>).</param>
/// <param name="Expected">What the model needs (<c>varchar(100)</c>).</param>
/// <param name="Problem">Why it is not applied automatically.</param>
/// <param name="Sql">The SQL a person would review and run to resolve it.</param>
public sealed record SchemaConflict(string Table, string Column, string Found, string Expected, string Problem, string Sql)
{
    /// <summary>Returns one line naming the column, what was found and what was expected, and the problem.</summary>
    public override string ToString() => $"{Table}.{Column}: found {Found}, expected {Expected} ({Problem})";
}
