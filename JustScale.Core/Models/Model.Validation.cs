namespace JustScale.Core;

/// <content>Checks entities against the model before any store writes them.</content>
public sealed partial class Model<T>
{
    /// <summary>Throws <see cref="FieldValidationException"/> when a declared field does not fit the model.</summary>
    /// <remarks>Required fields must not be null; strings must fit their maximum length (in characters, as
    /// PostgreSQL counts them) and contain no NUL character, which PostgreSQL cannot store.</remarks>
    internal void Validate(T entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        foreach (var field in Fields)
        {
            if (field.IsNullIn(entity))
            {
                ThrowIfRequired(field);
            }
            else if (field.TextIn(entity) is { } text)
            {
                ValidateText(field, text);
            }
        }
    }

    /// <summary>Throws <see cref="FieldValidationException"/> when a change's value does not fit its field.</summary>
    internal void Validate(FieldCondition<T> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.IsNull)
        {
            ThrowIfRequired(change.Field);
        }
        else if (change.BoxedValue is string text)
        {
            ValidateText(change.Field, text);
        }
    }

    private void ThrowIfRequired(Field<T> field)
    {
        if (!field.IsOptional && !field.IsSystem)
        {
            throw new FieldValidationException(Name, field.Name, "is required.");
        }
    }

    private void ValidateText(Field<T> field, string text)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new FieldValidationException(Name, field.Name, "must not contain NUL characters.");
        }

        if (field.MaxLength is { } max && text.Length > max && text.EnumerateRunes().Count() > max)
        {
            throw new FieldValidationException(Name, field.Name, $"exceeds {max} characters.");
        }
    }
}
