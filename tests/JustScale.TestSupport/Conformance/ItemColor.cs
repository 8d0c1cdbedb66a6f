namespace JustScale.Testing;

/// <summary>Lists the colours of an <see cref="Item"/>, an enum stored as text.</summary>
public enum ItemColor
{
    /// <summary>Red.</summary>
    Red,

    /// <summary>Green.</summary>
    Green,

    /// <summary>Blue.</summary>
    Blue,
}
