namespace JustScale.Core;

/// <content>Checks entities against the model before any store writes them.</content>
public sealed partial class Model<T>
{
    /// <summary>Fills null fields that have a default value; called on insert.</summary>
    public void ApplyDefaults(T entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        foreach (var field in Fields)
        {
            if (field.DefaultValue is not null && field.GetValue(entity) is null)
            {
                field.SetValue(entity, field.DefaultValue);
            }
        }
    }

    /// <summary>Throws <see cref="FieldValidationException"/> when a declared field does not fit the model.</summary>
    /// <remarks>Required fields must not be null; strings must fit their maximum length (in characters, as
    /// PostgreSQL counts them) and contain no NUL character, which PostgreSQL cannot store.</remarks>
    public void Validate(T entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        foreach (var field in Fields)
        {
            ValidateValue(field, field.GetValue(entity));
        }
    }

    /// <summary>Throws <see cref="FieldValidationException"/> when a value does not fit a field.</summary>
    public void ValidateValue(Field<T> field, object? value)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (value is null)
        {
            if (!field.IsOptional && !field.IsSystem)
            {
                throw new FieldValidationException(Name, field.Name, "is required.");
            }

            return;
        }

        if (value is string text)
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
}
