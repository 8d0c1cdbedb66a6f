using System.ComponentModel.DataAnnotations;
using RangeAttribute = System.ComponentModel.DataAnnotations.RangeAttribute;

namespace JustScale.Http.Tests.Typed;

/// <summary>A body with rules on positional parameters and properties, a nullable member without a default and a nested object.</summary>
public sealed record Registration(
    [property: EmailAddress] string Email,
    [StringLength(20, MinimumLength = 8)] string Password,
    string? Name,
    [property: Range(13, 130)] int? Age = null,
    Address? Address = null);

/// <summary>A nested object with a rule of its own.</summary>
public sealed record Address([property: Required] string? City, string? Street = null);

/// <summary>A query: a required member, a ranged number with a default, a flag, a list.</summary>
public sealed class Page
{
    /// <summary>Gets the sort key.</summary>
    public required string Sort { get; init; }

    /// <summary>Gets the page size.</summary>
    [Range(1, 100)]
    public int Limit { get; init; } = 20;

    /// <summary>Gets whether to sort descending.</summary>
    public bool Desc { get; init; }

    /// <summary>Gets the search text.</summary>
    public string? Search { get; init; }

    /// <summary>Gets the ids to filter by.</summary>
    public int[] Ids { get; init; } = [];
}

/// <summary>Typed route parameters.</summary>
public sealed record ItemRef(int Id);

/// <summary>An answer of the typed routes.</summary>
public sealed record Item(int Id, string Title);
