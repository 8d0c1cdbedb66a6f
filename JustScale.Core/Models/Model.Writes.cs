namespace JustScale.Core;

/// <content>Prepares entities for writing, the same way in every store.</content>
public sealed partial class Model<T>
{
    /// <summary>Returns the row a store inserts for an entity: a validated copy with defaults, an id (when empty), timestamps, all normalised.</summary>
    /// <exception cref="FieldValidationException">A field does not fit the model.</exception>
    public T PrepareInsert(T entity, DateTimeOffset now)
    {
        var row = Clone(entity);
        ApplyDefaults(row);
        Validate(row);
        row.Id = row.Id == Guid.Empty ? UuidV7.Next() : row.Id;
        row.CreatedAt = now;
        UpdatedAt?.SetValue(row, now);
        NormalizeTimestamps(row);
        return row;
    }

    /// <summary>Returns the row a store writes to update an entity: a validated copy with its update time, normalised.</summary>
    /// <exception cref="FieldValidationException">A field does not fit the model.</exception>
    public T PrepareUpdate(T entity, DateTimeOffset now)
    {
        var row = Clone(entity);
        Validate(row);
        UpdatedAt?.SetValue(row, now);
        NormalizeTimestamps(row);
        return row;
    }

    /// <summary>Copies every field of one entity into another (a written row back into the caller's entity).</summary>
    public void CopyInto(T source, T target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        foreach (var field in AllFields)
        {
            field.SetValue(target, field.GetValue(source));
        }
    }

    private void NormalizeTimestamps(T row)
    {
        foreach (var field in AllFields)
        {
            if (field.Kind == FieldKind.Timestamp && field.GetValue(row) is DateTimeOffset time)
            {
                field.SetValue(row, Timestamps.Normalize(time));
            }
        }
    }
}
