namespace JustScale.Core;

/// <summary>Reports a write that would duplicate the value of a unique field.</summary>
/// <remarks>The message names the model and field, never the value (it may be a secret such as a token).</remarks>
public sealed class UniqueConstraintException : JustScaleException
{
    /// <summary>Creates the exception for a model and one of its unique fields.</summary>
    public UniqueConstraintException(string model, string field, Exception? innerException = null)
        : base($"A {model} with this {field} already exists.", 409, "unique_violation", innerException)
    {
        Model = model;
        Field = field;
    }

    /// <summary>Gets the name of the model.</summary>
    public string Model { get; }

    /// <summary>Gets the name of the unique field whose value already exists.</summary>
    public string Field { get; }
}
