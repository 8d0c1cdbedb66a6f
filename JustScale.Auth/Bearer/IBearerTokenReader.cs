namespace JustScale.Auth;

/// <summary>Reads a bearer token that is not a session token (a signed access token, say) as the session it stands for.</summary>
/// <remarks>
/// <c>.Use(Auth)</c> and the ASP.NET Core "JustScale" scheme hand every Bearer value that does not have the shape of a session
/// token (64 lowercase hex characters) to the registered readers, in order; the first that answers wins. The session it
/// names is then looked up like any other (through the session cache): a token whose session ended is refused at once.
/// Contribute one with <c>context.Contribute&lt;IBearerTokenReader&gt;(...)</c>.
/// </remarks>
public interface IBearerTokenReader
{
    /// <summary>Returns the user and session a valid token stands for, or null when the token is not one of this reader's or is invalid.</summary>
    /// <param name="token">The Bearer value, without the <c>Bearer </c> prefix.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<BearerSession?> ReadAsync(string token, CancellationToken cancellationToken = default);
}
