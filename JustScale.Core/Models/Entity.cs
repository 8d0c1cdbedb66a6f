namespace JustScale.Core;

/// <summary>Serves as the base of every stored entity: a UUID id and a creation time.</summary>
/// <remarks>The repository assigns <see cref="Id"/> (when empty) and <see cref="CreatedAt"/> on insert.</remarks>
public abstract class Entity
{
    /// <summary>Gets or sets the entity's UUID.</summary>
    public Guid Id { get; set; }

    /// <summary>Gets or sets when the entity was first stored (UTC, microsecond precision).</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
