namespace JustScale.Postgres;

/// <summary>Holds how a model maps to PostgreSQL (the docs' <c>createPgModel(User, { table: 'users' })</c> options).</summary>
public sealed class PgModelOptions
{
    /// <summary>Gets or sets the table name; null means the snake_case model name plus "s" (<c>User</c> -> <c>users</c>).</summary>
    /// <remarks>Lower-case letters, digits and underscores only, so the name needs no quoting and cannot inject SQL.</remarks>
    public string? Table { get; set; }

    /// <summary>Gets or sets whether every update or delete of a row publishes a change notification (NOTIFY, in the writing transaction) for <see cref="PgChangeFeed"/>; false by default.</summary>
    /// <remarks>The schema setup adds an <c>AFTER UPDATE OR DELETE</c> trigger to the table, so every write counts, manual SQL included.</remarks>
    public bool NotifyChanges { get; set; }

    /// <summary>Gets or sets the fields whose update alone publishes no notification (an activity time written often, say); none by default.</summary>
    public IReadOnlyList<string> NotifyIgnoredFields { get; set; } = [];
}
