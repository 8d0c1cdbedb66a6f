namespace JustScale.Auth.SignIn;

/// <summary>Configures one OpenID Connect provider (<c>JustScale:Auth:OAuth:Providers:&lt;name&gt;</c>): its issuer, the client registered there, the scopes asked for.</summary>
public sealed class OAuthProviderOptions
{
    /// <summary>Gets or sets the issuer URL; its <c>/.well-known/openid-configuration</c> gives the endpoints and keys.</summary>
    public string Authority { get; set; } = "";

    /// <summary>Gets or sets the client id registered at the provider.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>Gets or sets the client secret (sent as <c>client_secret_post</c>); keep it out of appsettings.json in production.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Gets or sets the scopes asked for; <c>openid email profile</c> by default (<c>openid</c> is always added).</summary>
    public IReadOnlyList<string> Scopes { get; set; } = ["openid", "email", "profile"];

    /// <summary>Gets or sets the name the sign-in page shows; the provider's configured name when null.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Gets or sets whether the authority must be HTTPS; null (the default) requires it except on loopback hosts (development, tests).</summary>
    public bool? RequireHttps { get; set; }

    internal bool HttpsRequired => RequireHttps ?? !(Uri.TryCreate(Authority, UriKind.Absolute, out var uri) && uri.IsLoopback);

    internal void Validate(string name)
    {
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"OAuth provider \"{name}\": Authority \"{Authority}\" must be an absolute http(s) URL.");
        }

        if (HttpsRequired && authority.Scheme != "https")
        {
            throw new ArgumentException($"OAuth provider \"{name}\": Authority must be HTTPS (only loopback authorities may be http, or set RequireHttps=false).");
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            throw new ArgumentException($"OAuth provider \"{name}\": ClientId is required.");
        }
    }
}
