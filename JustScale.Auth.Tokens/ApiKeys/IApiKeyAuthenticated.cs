namespace JustScale.Auth.Tokens;

/// <summary>Describes a request authenticated by an API key: its user and the key (with its scopes).</summary>
/// <remarks>Not an <see cref="IAuthenticated"/>: a key is no session, so routes and guards written for sessions refuse it at compile time.</remarks>
public interface IApiKeyAuthenticated : JustScale.Http.IRequestContext
{
    /// <summary>Gets the key's user.</summary>
    User User { get; }

    /// <summary>Gets the key (never its secret: only a hash is stored).</summary>
    UserApiKey ApiKey { get; }
}
