namespace JustScale.Core;

/// <summary>Lists the kinds of values a model field can hold.</summary>
public enum FieldKind
{
    /// <summary>A UUID (the id).</summary>
    Uuid,

    /// <summary>A string with a maximum length (VARCHAR(n)).</summary>
    String,

    /// <summary>A string without a length limit (TEXT).</summary>
    Text,

    /// <summary>A 32-bit integer.</summary>
    Int,

    /// <summary>A 64-bit integer.</summary>
    Long,

    /// <summary>A boolean.</summary>
    Bool,

    /// <summary>A point in time, stored in UTC with microsecond precision.</summary>
    Timestamp,

    /// <summary>A <see cref="Reference{T}"/> to another entity, stored as its id.</summary>
    Reference,

    /// <summary>A <see cref="decimal"/> (NUMERIC).</summary>
    Decimal,

    /// <summary>A <see cref="double"/> (DOUBLE PRECISION).</summary>
    Double,

    /// <summary>An enum, stored as the text of its member name.</summary>
    Enum,

    /// <summary>A calendar date, <see cref="DateOnly"/> (DATE).</summary>
    Date,

    /// <summary>A byte array (BYTEA).</summary>
    Bytes,

    /// <summary>Any value stored as JSON with System.Text.Json (JSONB); declared with <see cref="ModelBuilder{T}.Json"/>.</summary>
    Json,
}
