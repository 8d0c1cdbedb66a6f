using System.Text.Json.Serialization;

namespace JustScale.Http.Tests.Support;

/// <summary>A body with positional (required) members and an optional one, as the docs' login body.</summary>
public sealed record Credentials(string Email, string Password, string? Name = null);

/// <summary>A body with C# required members.</summary>
public sealed class Signup
{
    /// <summary>Gets the email.</summary>
    public required string Email { get; init; }

    /// <summary>Gets the age.</summary>
    public required int Age { get; init; }
}

/// <summary>A body with a [JsonRequired] member and an optional one.</summary>
public sealed class Note
{
    /// <summary>Gets the text.</summary>
    [JsonRequired]
    public string Text { get; init; } = string.Empty;

    /// <summary>Gets the priority.</summary>
    public int Priority { get; init; }
}

/// <summary>A body whose members are all optional.</summary>
public sealed class Filter
{
    /// <summary>Gets the search text.</summary>
    public string? Search { get; init; }

    /// <summary>Gets the page size.</summary>
    public int Limit { get; init; } = 20;
}
