using JustScale.Core;
using JustScale.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Auth.Tokens;

/// <summary>Adds access tokens for other services (<c>POST /auth/token</c>, <c>GET /.well-known/jwks.json</c>), API keys
/// (<c>/account/api-keys</c>, <see cref="ApiKeyMiddleware"/>) and the ASP.NET Core "JustScale" authentication scheme.</summary>
/// <remarks>
/// Needs <see cref="AuthFeature"/> and repositories for <see cref="SigningKey"/> and <see cref="UserApiKey"/>; the signing
/// keys' private halves are encrypted with Data Protection, keys in the store's <see cref="KeyRingEntry"/> repository when
/// there is one (<see cref="TokensOptions.KeysDirectory"/> otherwise). Access tokens are accepted by <c>.Use(Auth)</c> as
/// bearers. The scheme is registered on the host's services (not as the default scheme, so JustScale routes are not
/// authenticated twice) and made the scheme of the default authorization policy when that names none: <c>[Authorize]</c>,
/// <c>.RequireAuthorization()</c> and SignalR hubs then accept JustScale sessions. The scheme is added in the hosted style
/// (<c>builder.AddJustScale(...)</c>) only; <c>HttpHost.Listen</c> serves JustScale routes alone.
/// </remarks>
/// <example><code>
/// builder
///     .Add(PgRepository.Create(PgModel.Create&lt;SigningKey&gt;(new PgModelOptions { Table = "signing_keys" })))
///     .Add(PgRepository.Create(PgModel.Create&lt;UserApiKey&gt;(new PgModelOptions { Table = "api_keys" })))
///     .Add(new TokensFeature());
/// </code></example>
public sealed class TokensFeature : Feature
{
    private readonly TokensOptions _options;

    /// <summary>Creates the feature, letting a callback adjust the default options.</summary>
    public TokensFeature(Action<TokensOptions>? configure = null)
    {
        _options = new TokensOptions();
        configure?.Invoke(_options);
        _options.Validate();
    }

    /// <inheritdoc />
    public override void Configure(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context
            .Require<SessionService>()
            .Require<IRepository<SigningKey>>()
            .Require<IRepository<UserApiKey>>()
            .Provide(_options)
            .Provide<SigningKeyProtector>()
            .Provide<SigningKeyRing>()
            .Provide(services => new AccessTokenService(
                services.GetRequiredService<SigningKeyRing>(), _options, services.GetRequiredService<TimeProvider>()),
                typeof(SigningKeyRing), typeof(TimeProvider))
            .Contribute<IBearerTokenReader>(services => services.GetRequiredService<AccessTokenService>(), typeof(AccessTokenService))
            .Provide<ApiKeyService>()
            .Add(AccessTokenRoutes.Create(_options))
            .Add(ApiKeyRoutes.Create(_options))
            .Add(OpenApiSecurityScheme.ApiKey(ApiKeySecurityScheme.Name, "header", ApiKeyMiddleware.HeaderName));
        if (_options.AddAuthenticationScheme)
        {
            context.ConfigureServices(AddScheme);
        }
    }

    private static void AddScheme(IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(IWebHostEnvironment)))
        {
            return; // not an ASP.NET Core host's services (HttpHost.Listen's own container): no [Authorize] endpoints to serve
        }

        services.AddAuthentication().AddScheme<JustScaleAuthenticationOptions, JustScaleAuthenticationHandler>(JustScaleAuthenticationDefaults.AuthenticationScheme, null);
        services.AddAuthorization();
        services.Configure<AuthorizationOptions>(options =>
        {
            if (options.DefaultPolicy.AuthenticationSchemes.Count == 0)
            {
                options.DefaultPolicy = new AuthorizationPolicyBuilder(JustScaleAuthenticationDefaults.AuthenticationScheme).RequireAuthenticatedUser().Build();
            }
        });
    }
}
