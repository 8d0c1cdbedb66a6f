using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace JustScale.Auth.SignIn;

/// <summary>Speaks the authorization code flow with PKCE to one provider: discovery and keys (cached by Microsoft.IdentityModel), the authorization URL, the code exchange, ID token validation, user info.</summary>
internal sealed class OAuthClient(string name, OAuthProviderOptions options, HttpClient http)
{
    private readonly OAuthProviderOptions _options = options;
    private readonly HttpClient _http = http;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _configuration = new(
        options.Authority.TrimEnd('/') + "/.well-known/openid-configuration",
        new OpenIdConnectConfigurationRetriever(),
        new HttpDocumentRetriever(http) { RequireHttps = options.HttpsRequired });

    public string Name { get; } = name;

    public string DisplayName => _options.DisplayName ?? Name;

    /// <summary>Returns the provider's authorization URL for a state, nonce and PKCE challenge.</summary>
    public async Task<Uri> AuthorizationUrlAsync(Uri redirectUri, string state, string nonce, string codeChallenge, CancellationToken cancellationToken)
    {
        var configuration = await ConfigurationAsync(cancellationToken).ConfigureAwait(false);
        var scopes = _options.Scopes.Contains("openid") ? _options.Scopes : ["openid", .. _options.Scopes];
        var url = QueryHelpers.AddQueryString(configuration.AuthorizationEndpoint, new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = _options.ClientId,
            ["redirect_uri"] = redirectUri.AbsoluteUri,
            ["scope"] = string.Join(' ', scopes),
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = codeChallenge,
            ["code_challenge_method"] = "S256",
        });
        return new Uri(url);
    }

    /// <summary>Exchanges the code, validates the ID token (signature, issuer, audience, lifetime, nonce) and reads the identity, asking user info for the email when the token lacks it.</summary>
    public async Task<OAuthIdentity> RedeemAsync(string code, Uri redirectUri, string codeVerifier, string nonce, CancellationToken cancellationToken)
    {
        var configuration = await ConfigurationAsync(cancellationToken).ConfigureAwait(false);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri.AbsoluteUri,
            ["client_id"] = _options.ClientId,
            ["code_verifier"] = codeVerifier,
        };
        if (_options.ClientSecret is { Length: > 0 } secret)
        {
            form["client_secret"] = secret; // client_secret_post
        }

        using var response = await _http.PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(form), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new OAuthFlowException("token_exchange_failed", $"The provider's token endpoint answered {(int)response.StatusCode}.");
        }

        using var tokens = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        if (!tokens.RootElement.TryGetProperty("id_token", out var idTokenElement) || idTokenElement.GetString() is not { } idToken)
        {
            throw new OAuthFlowException("token_exchange_failed", "The provider returned no ID token.");
        }

        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = _options.ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidateLifetime = true,
            RequireSignedTokens = true,
        }).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            throw new OAuthFlowException("invalid_id_token", "The ID token does not validate.", validation.Exception);
        }

        var claims = validation.Claims;
        if (!claims.TryGetValue("nonce", out var sentNonce) || !FixedTimeEquals(sentNonce as string, nonce))
        {
            throw new OAuthFlowException("invalid_id_token", "The ID token's nonce is not this sign-in's.");
        }

        var subject = claims.TryGetValue("sub", out var sub) ? sub as string : null;
        if (string.IsNullOrEmpty(subject) || subject.Length > 255)
        {
            throw new OAuthFlowException("invalid_id_token", "The ID token has no usable subject.");
        }

        var email = Text(claims, "email");
        var verified = IsTrue(claims.TryGetValue("email_verified", out var v) ? v : null);
        var name = Text(claims, "name");
        if (email is null && tokens.RootElement.TryGetProperty("access_token", out var access) && access.GetString() is { } accessToken
            && !string.IsNullOrEmpty(configuration.UserInfoEndpoint))
        {
            (email, verified, name) = await UserInfoAsync(configuration.UserInfoEndpoint, accessToken, subject, name, cancellationToken).ConfigureAwait(false);
        }

        return new OAuthIdentity(Name, subject, email, verified, name);
    }

    private async Task<(string? Email, bool Verified, string? Name)> UserInfoAsync(string endpoint, string accessToken, string subject, string? name, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return (null, false, name); // a signed (JWT) or failed answer: no email from here
        }

        using var info = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        var root = info.RootElement;
        if (!root.TryGetProperty("sub", out var sub) || sub.GetString() != subject)
        {
            throw new OAuthFlowException("invalid_user_info", "The user info's subject is not the ID token's."); // OpenID Connect Core 5.3.2
        }

        var email = root.TryGetProperty("email", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        var verified = root.TryGetProperty("email_verified", out var ev) && (ev.ValueKind == JsonValueKind.True || (ev.ValueKind == JsonValueKind.String && ev.GetString() == "true"));
        var fullName = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : name;
        return (email, verified, fullName);
    }

    private async Task<OpenIdConnectConfiguration> ConfigurationAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _configuration.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or HttpRequestException)
        {
            throw new OAuthFlowException("provider_unavailable", $"The provider's discovery document could not be read.", e);
        }
    }

    /// <summary>Returns a new PKCE verifier and its S256 challenge.</summary>
    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64UrlTextEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    private static string? Text(IDictionary<string, object> claims, string name) =>
        claims.TryGetValue(name, out var value) && value is string { Length: > 0 } text ? text : null;

    private static bool IsTrue(object? value) => value switch
    {
        bool b => b,
        string s => string.Equals(s, "true", StringComparison.OrdinalIgnoreCase),
        JsonElement { ValueKind: JsonValueKind.True } => true,
        _ => false,
    };

    private static bool FixedTimeEquals(string? a, string b) =>
        a is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
