namespace JustScale.Core;

/// <content>Prepares entities for writing, the same way in every store.</content>
public sealed partial class Model<T>
{
    /// <summary>Returns the row a store inserts for an entity: a validated copy with defaults, an id (when empty), timestamps, all normalised.</summary>
    /// <exception cref="FieldValidationException">A field does not fit the model.</exception>
    internal T PrepareInsert(T entity, DateTimeOffset now)
    {
        ThrowIfInvalid();
        var row = Clone(entity);
        foreach (var field in Fields)
        {
            field.ApplyDefault(row);
        }

        row.Id = row.Id == Guid.Empty ? UuidV7.Next() : row.Id;
        row.CreatedAt = now;
        return Stamped(row, now);
    }

    /// <summary>Returns the row a store writes to update an entity: a validated copy with its update time, normalised.</summary>
    /// <exception cref="FieldValidationException">A field does not fit the model.</exception>
    internal T PrepareUpdate(T entity, DateTimeOffset now)
    {
        ThrowIfInvalid();
        return Stamped(Clone(entity), now);
    }

    /// <summary>Copies every field of one entity into another (a written row back into the caller's entity).</summary>
    internal void CopyInto(T source, T target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        foreach (var field in AllFields)
        {
            field.Copy(source, target);
        }
    }

    // Validates a row to be written, sets its update time and normalises its timestamps.
    private T Stamped(T row, DateTimeOffset now)
    {
        Validate(row);
        UpdatedAt?.Set(row, now);
        foreach (var field in AllFields)
        {
            field.NormalizeTimestamp(row);
        }

        return row;
    }
}
