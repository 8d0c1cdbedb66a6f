namespace JustScale.Auth.SignIn;

/// <summary>Carries the body of <c>POST /auth/oauth/link</c>: the pending link's token and, unless signed in as the account, its password.</summary>
public sealed record OAuthLinkRequest
{
    /// <summary>Gets the token the exchange answered with (<c>linkToken</c>).</summary>
    public required string LinkToken { get; init; }

    /// <summary>Gets the account's password; not needed when the request is signed in as the account.</summary>
    public string? Password { get; init; }
}
