using JustScale.Core;

namespace JustScale.Http;

/// <summary>Reports a request body that does not fit what the route expects; answered with 400 <c>{"errors": {...}}</c>.</summary>
/// <remarks>
/// <see cref="IRequestContext.Body{T}"/> throws it when the JSON does not bind (a missing required member, a wrong
/// type, null where null is not allowed). Handlers may throw it too, for their own validation. Keys are camelCase
/// field paths (<c>email</c>, <c>address.city</c>); <c>$</c> stands for the body as a whole.
/// </remarks>
public sealed class BodyValidationException : JustScaleException
{
    /// <summary>Creates the exception from messages grouped by field.</summary>
    public BodyValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base("The request body is not valid.", 400, "invalid_body")
    {
        ArgumentNullException.ThrowIfNull(errors);
        Errors = errors;
    }

    /// <summary>Creates the exception for one field and one message.</summary>
    public BodyValidationException(string field, string message)
        : this(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] })
    {
    }

    /// <summary>Gets the messages grouped by field path.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
