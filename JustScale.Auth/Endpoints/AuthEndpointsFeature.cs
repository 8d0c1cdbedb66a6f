using JustScale.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JustScale.Auth;

/// <summary>Adds ready account routes beside <see cref="AuthFeature"/>: profile, email verification, password reset and change, sessions (the original's AuthEndpointsFeature),
/// and, with <see cref="AuthEndpointsOptions.SignInPrefix"/>, register, login, logout and logout-all.</summary>
/// <remarks>
/// Opt-in, at <see cref="AuthEndpointsOptions.Prefix"/> (<c>/account</c>). It provides <see cref="AuthTokenService"/> and needs
/// <see cref="AuthFeature"/> and a repository for <see cref="AuthToken"/>. Mail goes through
/// <see cref="AuthEndpointsOptions.EmailSender"/>; without one, <see cref="LoggingEmailSender"/> logs that a mail would have
/// gone (never its link), which suits development only.
/// </remarks>
/// <example><code>
/// builder
///     .Add(InMemoryRepository.For&lt;AuthToken&gt;())
///     .Add&lt;AuthFeature&gt;()
///     .Add(new AuthEndpointsFeature(options => options.PublicUrl = new Uri("https://app.example")));
/// </code></example>
public sealed class AuthEndpointsFeature : Feature
{
    private readonly AuthEndpointsOptions _options;

    /// <summary>Creates the feature, letting a callback adjust the default options.</summary>
    public AuthEndpointsFeature(Action<AuthEndpointsOptions>? configure = null)
    {
        _options = new AuthEndpointsOptions();
        configure?.Invoke(_options);
        _options.Validate();
    }

    /// <inheritdoc />
    public override void Configure(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context
            .Require<UserService>()
            .Require<SessionService>()
            .Require<IRepository<AuthToken>>()
            .Provide(_options)
            .Provide<AuthTokenService>()
            .Add(AccountRoutes.Create(_options));
        if (_options.TwoFactor is { } twoFactor)
        {
            TwoFactorRegistration.Configure(context, _options, twoFactor);
        }

        if (_options.SignInPrefix is { } signIn)
        {
            context.Add(SignInRoutes.Create(signIn));
            if (_options.TwoFactor is not null)
            {
                context.Add(SignInRoutes.CreateTwoFactor(signIn));
            }
        }

        if (_options.SecurityNotices)
        {
            context.Contribute<IAuthEventObserver>(
                services => new SecurityNotifier(
                    services.GetRequiredService<IRepository<User>>(),
                    services.GetRequiredService<IAuthEmailSender>(),
                    _options,
                    services.GetRequiredService<ILogger<SecurityNotifier>>()),
                typeof(IRepository<User>), typeof(IAuthEmailSender));
        }

        // Every mail goes through the sender, resolved before the first one is written: the moment to take the host's name.
        var sender = _options.EmailSender;
        context.Provide<IAuthEmailSender>(services =>
        {
            _options.Templates.UseHostName(services.GetService<IHostEnvironment>()?.ApplicationName); // unless set in code
            return sender is not null
                ? new AppEmailSender(sender) // an instance the app gave: the container must not dispose it
                : new LoggingEmailSender(services.GetRequiredService<ILogger<LoggingEmailSender>>());
        });
    }
}
