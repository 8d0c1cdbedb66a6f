namespace JustScale.Core;

/// <summary>Holds the constraints of a field while a model is defined.</summary>
public sealed record FieldOptions
{
    /// <summary>Gets the maximum length of a string (VARCHAR(n)); null means unlimited text.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Gets whether the field must be unique.</summary>
    public bool Unique { get; init; }

    /// <summary>Gets whether the field is indexed.</summary>
    public bool Indexed { get; init; }

    /// <summary>Gets whether the field may be null; null infers it from the property's nullability.</summary>
    public bool? Optional { get; init; }

    /// <summary>Gets the value stored when the field is null on insert.</summary>
    public object? Default { get; init; }
}
