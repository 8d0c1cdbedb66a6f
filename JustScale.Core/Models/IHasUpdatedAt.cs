namespace JustScale.Core;

/// <summary>Marks an entity whose repository maintains an <c>updated_at</c> time on every write.</summary>
public interface IHasUpdatedAt
{
    /// <summary>Gets or sets when the entity was last written (UTC, microsecond precision).</summary>
    DateTimeOffset UpdatedAt { get; set; }
}
