namespace JustScale.Testing;

/// <summary>Holds the settings of an <see cref="Item"/>, stored as one JSON column.</summary>
public sealed class ItemSettings
{
    /// <summary>Gets or sets the theme.</summary>
    public string Theme { get; set; } = "";

    /// <summary>Gets or sets the tags.</summary>
    public List<string> Tags { get; set; } = [];
}
