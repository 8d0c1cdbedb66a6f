namespace JustScale.Postgres;

/// <summary>Holds how a model maps to PostgreSQL (the docs' <c>createPgModel(User, { table: 'users' })</c> options).</summary>
public sealed record PgModelOptions
{
    /// <summary>Gets the table name; null means the snake_case model name plus "s" (<c>User</c> -> <c>users</c>).</summary>
    /// <remarks>Lower-case letters, digits and underscores only, so the name needs no quoting and cannot inject SQL.</remarks>
    public string? Table { get; init; }
}
