namespace JustScale.Http;

/// <summary>Reports a request body that does not fit what the route expects; answered with 400 <c>{"error", "code": "invalid_body", "fields"}</c>.</summary>
/// <remarks>
/// <see cref="IRequestContext.Body{T}"/> and the <c>.Body&lt;T&gt;()</c> step throw it when the JSON does not bind (a missing
/// required member, a wrong type, null where null is not allowed) or breaks a DataAnnotations rule. Handlers may throw it
/// too, for their own validation. Keys are camelCase field paths (<c>email</c>, <c>address.city</c>); <c>$</c> stands for
/// the body as a whole.
/// </remarks>
public sealed class BodyValidationException : RequestValidationException
{
    /// <summary>Creates the exception from messages grouped by field.</summary>
    public BodyValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base("The request body is not valid.", "invalid_body", errors)
    {
    }

    /// <summary>Creates the exception for one field and one message.</summary>
    public BodyValidationException(string field, string message)
        : this(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] })
    {
    }
}
