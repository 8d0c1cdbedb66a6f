namespace JustScale.Reliability.Tests;

/// <summary>What a bad request must get back.</summary>
internal enum Expect
{
    /// <summary>A 4xx with a JSON error body (<c>{"error": ...}</c> or <c>{"errors": {...}}</c>), from JustScale.</summary>
    ClientError,

    /// <summary>A 4xx from Kestrel's HTTP parser, before any application code runs: no body (Kestrel's are not customisable).</summary>
    Protocol,

    /// <summary>A 2xx: the input is odd but valid (an injection string as a well-formed email), checked by <see cref="BadCase.Verify"/>.</summary>
    Accepted,
}

/// <summary>One request of the bad-input corpus: its bytes, the route it targets and what must come back.</summary>
/// <param name="Group">The kind of bad input (broken JSON, header, size, ...), for the figures.</param>
/// <param name="Route">The route name (register, login, ..., or "raw" for requests no route can parse).</param>
/// <param name="Name">What is odd about it.</param>
/// <param name="Request">The request bytes.</param>
/// <param name="Expected">The kind of answer it must get.</param>
internal sealed record BadCase(string Group, string Route, string Name, byte[] Request, Expect Expected)
{
    /// <summary>Gets the exact status, when one is known.</summary>
    public int? Status { get; init; }

    /// <summary>Gets the exact "error" message, when one is known.</summary>
    public string? Error { get; init; }

    /// <summary>Gets whether the client shuts its side down after the request (a body cut short).</summary>
    public bool CloseAfterWrite { get; init; }

    /// <summary>Gets how many users an accepted request adds.</summary>
    public int NewUsers { get; init; }

    /// <summary>Gets how many sessions an accepted request adds.</summary>
    public int NewSessions { get; init; }

    /// <summary>Gets a check of what an accepted request stored or answered.</summary>
    public Func<RawResponse, Task>? Verify { get; init; }

    public override string ToString() => $"{Group} / {Route} / {Name}";
}
