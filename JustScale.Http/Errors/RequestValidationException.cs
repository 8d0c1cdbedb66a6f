using JustScale.Core;

namespace JustScale.Http;

/// <summary>Serves as the base of the errors for a request part that does not fit what the route declares; answered with 400 and the fields.</summary>
/// <remarks>
/// Every such error is written in one shape: <c>{"error": Message, "code": Code, "fields": {"email": ["..."]}}</c>. Keys are
/// the JSON (camelCase) names the client uses, dotted for nested members (<c>address.city</c>); <c>$</c> stands for the part
/// as a whole.
/// </remarks>
public abstract class RequestValidationException : JustScaleException
{
    /// <summary>Creates the exception from a message, a code and the messages grouped by field.</summary>
    private protected RequestValidationException(string message, string code, IReadOnlyDictionary<string, string[]> errors)
        : base(message, 400, code)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Errors = errors;
    }

    /// <summary>Gets the messages grouped by field path.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
