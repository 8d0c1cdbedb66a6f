namespace JustScale.Core;

/// <summary>Reports an entity whose field value does not fit its model (required, too long).</summary>
public sealed class FieldValidationException : JustScaleException
{
    /// <summary>Creates the exception for a model field and a reason.</summary>
    public FieldValidationException(string model, string field, string reason)
        : base($"{model}.{field} {reason}", 400, "invalid_field")
    {
        Model = model;
        Field = field;
    }

    /// <summary>Gets the name of the model.</summary>
    public string Model { get; }

    /// <summary>Gets the name of the field.</summary>
    public string Field { get; }
}
