namespace JustScale.Auth.SignIn;

/// <summary>Names the rate limit policies <see cref="SignInFeature"/> adds.</summary>
public static class SignInRateLimits
{
    /// <summary>Names the policy of <c>POST /auth/magic-link</c>: per client IP and per email.</summary>
    public const string MagicLink = "auth.magic_link";

    /// <summary>Names the policy of <c>POST /auth/magic-link/verify</c>: per client IP.</summary>
    public const string MagicLinkVerify = "auth.magic_link_verify";

    /// <summary>Names the policy of the passkey and provider sign-in routes: per client IP.</summary>
    public const string SignIn = "auth.sign_in";
}
