namespace JustScale.Core;

/// <summary>Describes a repository for <see cref="IRepositoryFactory.Create{T}"/>: its table and whether changes are published to other instances.</summary>
/// <param name="Table">The table name (PostgreSQL), such as <c>users</c>; stores without tables ignore it.</param>
public sealed record RepositoryDefinition(string Table)
{
    /// <summary>Gets whether updates and deletes are published on the store's change feed (so other instances' caches drop stale entries); false by default.</summary>
    public bool NotifyChanges { get; init; }

    /// <summary>Gets the fields whose update alone publishes nothing (activity times written often); empty by default.</summary>
    public IReadOnlyList<string> QuietFields { get; init; } = [];
}
