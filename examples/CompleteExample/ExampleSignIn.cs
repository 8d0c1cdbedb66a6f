using JustScale.Auth.SignIn;
using Microsoft.Extensions.Configuration;

namespace CompleteExample;

/// <summary>Reads the sign-in options beyond passwords from the <c>JustScale:Auth</c> section: passkeys, providers, magic links.</summary>
public static class ExampleSignIn
{
    /// <summary>Builds the options: magic links on, passkeys for <c>App:PublicUrl</c> unless <c>Passkeys:RelyingPartyId|Origins</c> say otherwise, one provider per <c>OAuth:Providers:&lt;name&gt;</c>.</summary>
    /// <param name="auth">The <c>JustScale:Auth</c> section, or null for the defaults.</param>
    /// <param name="publicUrl">The app's public address (<c>App:PublicUrl</c>).</param>
    /// <param name="rateLimitsOff">Whether rate limits are off (<c>--rate-limits off</c>): these ways' limits go too.</param>
    public static SignInOptions From(IConfiguration? auth, Uri publicUrl, bool rateLimitsOff = false)
    {
        ArgumentNullException.ThrowIfNull(publicUrl);
        var options = new SignInOptions
        {
            MagicLinks = new MagicLinkOptions
            {
                AllowSignUp = Switch(auth?["MagicLinks:AllowSignUp"]), // off: an unknown email gets no mail and no account
            },
            Passkeys = new PasskeyOptions
            {
                RelyingPartyId = Text(auth?["Passkeys:RelyingPartyId"]) ?? publicUrl.Host,                 // default: the host of App:PublicUrl
                RelyingPartyName = Text(auth?["Passkeys:RelyingPartyName"]) ?? "JustScale complete example",
                Origins = Origins(auth?.GetSection("Passkeys:Origins")) is { Count: > 0 } origins
                    ? origins
                    : [publicUrl.GetLeftPart(UriPartial.Authority)],                                           // default: the origin of App:PublicUrl
            },
        };

        if (rateLimitsOff)
        {
            options.SignInPerIp = null;
            options.MagicLinks.PerIp = options.MagicLinks.PerEmail = options.MagicLinks.VerifyPerIp = null;
        }

        var providers = auth?.GetSection("OAuth:Providers").GetChildren().ToList() ?? [];
        if (providers.Count > 0)
        {
            var oauth = new OAuthOptions { PublicUrl = publicUrl };
            foreach (var provider in providers)
            {
                oauth.Providers[provider.Key] = new OAuthProviderOptions
                {
                    Authority = provider["Authority"] ?? "",
                    ClientId = provider["ClientId"] ?? "",
                    ClientSecret = Text(provider["ClientSecret"]),
                    Scopes = Text(provider["Scopes"]) is { } scopes
                        ? scopes.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)
                        : ["openid", "email", "profile"],
                    DisplayName = Text(provider["DisplayName"]),
                };
            }

            options.OAuth = oauth;
        }

        return options;
    }

    private static List<string> Origins(IConfigurationSection? section)
    {
        if (section is null)
        {
            return [];
        }

        List<string> listed = [.. section.GetChildren().Select(c => c.Value).OfType<string>().Where(o => o.Length > 0).Select(o => o.TrimEnd('/'))];
        if (listed.Count > 0)
        {
            return listed;
        }

        return Text(section.Value) is { } single ? [.. single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(o => o.TrimEnd('/'))] : [];
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool Switch(string? value) => value?.Trim().ToLowerInvariant() is "on" or "true" or "1";
}
