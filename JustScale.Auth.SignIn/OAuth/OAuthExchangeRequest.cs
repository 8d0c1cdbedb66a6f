namespace JustScale.Auth.SignIn;

/// <summary>Carries the body of <c>POST /auth/oauth/exchange</c>: the one-time code the landing page received.</summary>
public sealed record OAuthExchangeRequest
{
    /// <summary>Gets the code from <c>?code=</c> (64 lowercase hex).</summary>
    public required string Code { get; init; }
}
