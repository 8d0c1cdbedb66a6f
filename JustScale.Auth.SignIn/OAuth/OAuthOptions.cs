namespace JustScale.Auth.SignIn;

/// <summary>Configures sign-in through OpenID Connect providers: the providers, where the browser lands after the provider, and the flows' lifetimes.</summary>
public sealed class OAuthOptions
{
    /// <summary>Gets the providers by name (letters, digits, <c>-</c> and <c>_</c>); the name is the <c>{provider}</c> of the routes.</summary>
    public IDictionary<string, OAuthProviderOptions> Providers { get; } = new Dictionary<string, OAuthProviderOptions>(StringComparer.Ordinal);

    /// <summary>Gets or sets the app's public address: the callback's only redirect target is <c>{PublicUrl}{SignedInPath}</c>; <c>http://localhost:3000</c> by default.</summary>
    public Uri PublicUrl { get; set; } = new("http://localhost:3000");

    /// <summary>Gets or sets where this API is reached from browsers, for the redirect URI registered at the providers (<c>{CallbackBaseUrl}{Prefix}/{provider}/callback</c>); <see cref="PublicUrl"/> when null.</summary>
    public Uri? CallbackBaseUrl { get; set; }

    /// <summary>Gets or sets the page the browser lands on with <c>?code=</c> or <c>?error=</c>; <c>/signed-in</c> by default.</summary>
    public string SignedInPath { get; set; } = "/signed-in";

    /// <summary>Gets or sets the routes' prefix; <c>/auth/oauth</c> by default.</summary>
    public string Prefix { get; set; } = "/auth/oauth";

    /// <summary>Gets or sets the prefix of the signed-in routes (<c>/account/oauth...</c>); <c>/account</c> by default.</summary>
    public string AccountPrefix { get; set; } = "/account";

    /// <summary>Gets or sets how long a started sign-in may take at the provider; 10 minutes by default.</summary>
    public TimeSpan StateTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how long the one-time code given to the app lasts; 2 minutes by default.</summary>
    public TimeSpan CodeTtl { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets the handler of the requests to the providers (discovery, keys, tokens, user info); a fresh one when null.</summary>
    public HttpMessageHandler? BackchannelHandler { get; set; }

    internal Uri CallbackBase => CallbackBaseUrl ?? PublicUrl;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(PublicUrl, nameof(PublicUrl));
        if (!PublicUrl.IsAbsoluteUri || PublicUrl.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"PublicUrl \"{PublicUrl}\" must be an absolute http(s) address.", nameof(PublicUrl));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(SignedInPath, nameof(SignedInPath));
        ArgumentException.ThrowIfNullOrWhiteSpace(Prefix, nameof(Prefix));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StateTtl, TimeSpan.Zero, nameof(StateTtl));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CodeTtl, TimeSpan.Zero, nameof(CodeTtl));
        foreach (var (name, provider) in Providers)
        {
            if (name.Length is 0 or > 40 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw new ArgumentException($"OAuth provider name \"{name}\" must be 1 to 40 letters, digits, '-' or '_'.", nameof(Providers));
            }

            provider.Validate(name);
        }
    }
}
