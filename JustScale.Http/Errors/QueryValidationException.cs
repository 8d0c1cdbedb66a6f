namespace JustScale.Http;

/// <summary>Reports a query string (or typed route parameters) that does not fit what the route declares; answered with 400 and the fields.</summary>
/// <remarks>
/// Thrown by the <c>.Query&lt;T&gt;()</c> step (code <c>invalid_query</c>) and the <c>.Params&lt;T&gt;()</c> step (code
/// <c>invalid_params</c>), with the same rules as a body: required members, types, DataAnnotations.
/// </remarks>
public sealed class QueryValidationException : RequestValidationException
{
    /// <summary>Creates the exception from messages grouped by query parameter.</summary>
    public QueryValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base("The query string is not valid.", "invalid_query", errors)
    {
    }

    private QueryValidationException(string message, string code, IReadOnlyDictionary<string, string[]> errors)
        : base(message, code, errors)
    {
    }

    /// <summary>Creates the exception for route parameters.</summary>
    internal static QueryValidationException ForRoute(IReadOnlyDictionary<string, string[]> errors) =>
        new("The route parameters are not valid.", "invalid_params", errors);
}
