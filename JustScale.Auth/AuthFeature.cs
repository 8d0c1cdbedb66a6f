using JustScale.Core;
using JustScale.Http;

namespace JustScale.Auth;

/// <summary>Bundles the auth services: provides UserService, SessionService and PasswordService, requires repositories for User and Session.</summary>
/// <remarks>It also adds the rate limit policies <see cref="AuthRateLimits.Login"/> and <see cref="AuthRateLimits.Register"/>, for routes to apply.</remarks>
/// <example><code>
/// var cluster = new ClusterBuilder()
///     .Add(InMemoryRepository.For&lt;User&gt;())
///     .Add(InMemoryRepository.For&lt;Session&gt;())
///     .Add&lt;AuthFeature&gt;()
///     .Build();
/// </code></example>
public sealed class AuthFeature : Feature
{
    private readonly AuthOptions _options;

    /// <summary>Creates the feature with default options (7-day sessions, scrypt 16384/8/1).</summary>
    public AuthFeature()
        : this(new AuthOptions())
    {
    }

    /// <summary>Creates the feature with the given options.</summary>
    public AuthFeature(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Creates the feature, letting a callback adjust the default options.</summary>
    public AuthFeature(Action<AuthOptions> configure)
        : this(Configured(configure))
    {
    }

    /// <inheritdoc />
    public override void Configure(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context
            .Require<IRepository<User>>()
            .Require<IRepository<Session>>()
            .ProvideInstance(_options)
            .ProvideInstance(_options.Passwords)
            .ProvideInstance(_options.Tokens)
            .Provide<AuthEvents>()
            .Provide<PasswordService>()
            .Provide<UserService>()
            .Provide<SessionService>()
            .Provide<ConfiguredAdmins>() // JustScale:Auth:Admins hold the admin role
            .Provide<BearerTokenReaders>(); // none unless a feature contributes an IBearerTokenReader (signed access tokens)
        if (_options.SweepInterval is not null)
        {
            context.Provide<ExpiredSessionSweeper>();
        }

        if (_options.Cookie is { } cookie)
        {
            context.Use(CrossSiteRequestFilter.For(cookie)); // login CSRF: no cross-site page may set or use the cookie
        }

        foreach (var policy in AuthRateLimits.Policies(_options.RateLimits))
        {
            context.Add(policy);
        }

        foreach (var scheme in AuthSecuritySchemes.For(_options))
        {
            context.Add(scheme); // for the OpenAPI document: what .Use(Auth) routes require
        }
    }

    private static AuthOptions Configured(Action<AuthOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new AuthOptions();
        configure(options);
        return options;
    }
}
