namespace JustScale.Auth.SignIn;

/// <summary>Configures <see cref="SignInFeature"/>: each way to sign in is on when its options are set.</summary>
public sealed class SignInOptions
{
    /// <summary>Gets or sets sign-in by mailed link; null (the default) leaves it off.</summary>
    public MagicLinkOptions? MagicLinks { get; set; }

    /// <summary>Gets or sets passkeys (WebAuthn); null (the default) leaves them off.</summary>
    public PasskeyOptions? Passkeys { get; set; }

    /// <summary>Gets or sets sign-in through OpenID Connect providers; null (the default) leaves it off.</summary>
    public OAuthOptions? OAuth { get; set; }

    /// <summary>Gets or sets the sign-in attempts (passkey, provider exchange) one client IP may make; 30 per minute by default.</summary>
    public JustScale.Http.FixedWindowLimit? SignInPerIp { get; set; } = JustScale.Http.FixedWindowLimit.PerMinute(30);

    internal void Validate()
    {
        MagicLinks?.Validate();
        Passkeys?.Validate();
        OAuth?.Validate();
    }
}
