using JustScale.Core;
using JustScale.Http;

namespace JustScale.Auth.SignIn;

/// <summary>Adds ways to sign in beyond a password: mailed links, passkeys and OpenID Connect providers, each on when its options are set.</summary>
/// <remarks>
/// Needs <see cref="AuthFeature"/> and <see cref="AuthEndpointsFeature"/> (tokens, mail, the public address, and two-factor
/// login, which every way here still passes through: a session comes from <see cref="SessionService.CreateAsync"/>).
/// Passkeys and providers need repositories for <see cref="SignInCeremony"/>, <see cref="PasskeyCredential"/> and
/// <see cref="ExternalLogin"/>; on PostgreSQL, any instance finishes a ceremony another began.
/// </remarks>
/// <example><code>
/// builder.Add(new SignInFeature(signIn =>
/// {
///     signIn.MagicLinks = new MagicLinkOptions();
///     signIn.Passkeys = new PasskeyOptions { RelyingPartyId = "app.example", Origins = ["https://app.example"] };
/// }));
/// </code></example>
public sealed class SignInFeature : Feature
{
    private readonly SignInOptions _options;

    /// <summary>Creates the feature, letting a callback adjust the options (every way off by default).</summary>
    public SignInFeature(Action<SignInOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _options = new SignInOptions();
        configure(_options);
        _options.Validate();
    }

    /// <summary>Creates the feature with the given options.</summary>
    public SignInFeature(SignInOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public override void Configure(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context
            .Require<UserService>()
            .Require<SessionService>()
            .Provide(_options);
        if (_options.Passkeys is not null || _options.OAuth is not null || _options.MagicLinks is { AllowSignUp: true })
        {
            context.Require<IRepository<SignInCeremony>>().Provide<CeremonyStore>();
        }

        var signIn = new RateLimitPolicy(SignInRateLimits.SignIn);
        if (_options.SignInPerIp is { } perIp)
        {
            signIn.Limit("ip", RateLimitKeys.ClientIp, perIp);
        }

        context.Add(signIn);
        if (_options.MagicLinks is { } magicLinks)
        {
            MagicLinkRegistration.Configure(context, magicLinks);
        }

        if (_options.Passkeys is { } passkeys)
        {
            PasskeyRegistration.Configure(context, passkeys);
        }

        if (_options.OAuth is { } oauth)
        {
            OAuthRegistration.Configure(context, oauth);
        }
    }
}
