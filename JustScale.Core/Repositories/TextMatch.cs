namespace JustScale.Core;

/// <summary>Lists where a text condition looks for the user's text in a field (<see cref="TextCondition{T}"/>).</summary>
internal enum TextMatch
{
    /// <summary>Anywhere in the field.</summary>
    Contains,

    /// <summary>At the start of the field.</summary>
    StartsWith,

    /// <summary>At the end of the field.</summary>
    EndsWith,
}
