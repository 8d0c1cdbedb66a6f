namespace JustScale.Auth.Tokens;

/// <summary>Names the ASP.NET Core authentication scheme that accepts JustScale sessions and access tokens, and its claims.</summary>
public static class JustScaleAuthenticationDefaults
{
    /// <summary>Gets the scheme's name: <c>JustScale</c>.</summary>
    public const string AuthenticationScheme = "JustScale";

    /// <summary>Gets the claim of the user's id: <c>sub</c>.</summary>
    public const string SubjectClaim = "sub";

    /// <summary>Gets the claim of the user's email: <c>email</c>.</summary>
    public const string EmailClaim = "email";

    /// <summary>Gets the claim saying whether the email is verified: <c>email_verified</c>, <c>true</c> or <c>false</c>.</summary>
    public const string EmailVerifiedClaim = "email_verified";

    /// <summary>Gets the claim of the session's id: <c>sid</c>.</summary>
    public const string SessionIdClaim = "sid";

    /// <summary>Gets the claim of the user's display name: <c>name</c>.</summary>
    public const string NameClaim = "name";

    /// <summary>Gets the claim type of roles: <c>role</c>.</summary>
    public const string RoleClaim = "role";
}
