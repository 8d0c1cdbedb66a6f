namespace JustScale.Core;

/// <summary>Reports a write whose reference points to an entity that does not exist.</summary>
public sealed class ReferenceConstraintException : JustScaleException
{
    /// <summary>Creates the exception for a model and its reference field.</summary>
    public ReferenceConstraintException(string model, string field, Exception? innerException = null)
        : base($"The {field} referenced by this {model} does not exist.", 409, "reference_violation", innerException)
    {
        Model = model;
        Field = field;
    }

    /// <summary>Gets the name of the model.</summary>
    public string Model { get; }

    /// <summary>Gets the name of the reference field.</summary>
    public string Field { get; }
}
