using JustScale.Core;
using JustScale.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
    private readonly AuthOptions _given;
    private readonly Action<AuthOptions>? _configure;
    private readonly bool _readsConfiguration;
    private AuthOptions _options;

    /// <summary>Creates the feature with default options (7-day sessions, scrypt 16384/8/1), adjusted by the <c>JustScale:Auth</c> settings.</summary>
    /// <remarks>The settings come from the configuration the cluster reads (the host's in the hosted style, <see cref="ClusterBuilder.UseConfiguration"/>).</remarks>
    public AuthFeature()
        : this(new AuthOptions())
    {
        _readsConfiguration = true;
    }

    /// <summary>Creates the feature with the given options, as they are: the <c>JustScale:Auth</c> settings are not read.</summary>
    public AuthFeature(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _given = options;
        _options = options;
    }

    /// <summary>Creates the feature, letting a callback adjust the options after the <c>JustScale:Auth</c> settings: code wins over configuration.</summary>
    /// <remarks>The callback runs here (so a bad value fails at once) and, when the cluster reads a configuration with that section,
    /// once more over the bound settings.</remarks>
    public AuthFeature(Action<AuthOptions> configure)
        : this(Configured(configure))
    {
        _configure = configure;
        _readsConfiguration = true;
    }

    /// <inheritdoc />
    /// <exception cref="JustScaleException">A <c>JustScale:Auth</c> setting cannot be read or is out of range; the message names the key.</exception>
    public override void Configure(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _options = _given;
        if (_readsConfiguration && context.Configuration?.GetSection(AuthConfiguration.Section) is { } section && section.Exists())
        {
            _options = new AuthOptions();
            AuthConfiguration.Apply(_options, section, _configure); // defaults, then the settings, then the code
        }

        context
            .Require<IRepository<User>>()
            .Require<IRepository<Session>>()
            .Provide(_options)
            .Provide(_options.Passwords)
            .Provide(_options.Tokens)
            .Provide<AuthEvents>()
            .Provide<PasswordService>()
            .Provide<UserService>()
            .Provide<SessionService>()
            .Provide<ConfiguredAdmins>() // JustScale:Auth:Admins hold the admin role
            .Provide<BearerTokenReaders>() // none unless a feature contributes an IBearerTokenReader (signed access tokens)
            .ConfigureServices(services => services.AddMetrics().AddSingleton<AuthMetrics>()); // IMeterFactory (TryAdd: a host has one); the rate limits' counters
        if (_options.SweepInterval is not null)
        {
            context.Provide<ExpiredSessionSweeper>();
        }

        if (_options.Cookie is { } cookie)
        {
            context.Use(CrossSiteRequestFilter.For(cookie)); // login CSRF: no cross-site page may set or use the cookie
        }

        // The rate limit policies for routes to apply, and what .Use(Auth) routes require in the OpenAPI document.
        foreach (var part in AuthRateLimits.Policies(_options.RateLimits).Concat<IClusterComponent>(AuthSecuritySchemes.For(_options)))
        {
            context.Add(part);
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
