using JustScale.Core;
using JustScale.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JustScale.Auth;

/// <summary>Adds two-factor login to <see cref="AuthEndpointsFeature"/>: its repositories (required), its services, and its routes.</summary>
internal static class TwoFactorRegistration
{
    public static void Configure(ComponentContext context, AuthEndpointsOptions endpoints, TwoFactorOptions options)
    {
        context
            .Require<IRepository<TwoFactorSecret>>()
            .Require<IRepository<RecoveryCode>>()
            .Require<IRepository<TwoFactorTicket>>();
        Type[] protectorDependencies = options.KeysDirectory is null ? [typeof(IRepository<KeyRingEntry>)] : [];
        if (options.KeysDirectory is null)
        {
            context.Require<IRepository<KeyRingEntry>>();
        }

        context
            .Provide(
                services => TwoFactorProtector.Create(options, services.GetService<IRepository<KeyRingEntry>>(), services.GetService<ILoggerFactory>()),
                protectorDependencies)
            .Provide(
                services => new SecretProtection(
                    services.GetRequiredService<TwoFactorProtector>().Provider, services.GetRequiredService<TwoFactorProtector>().Services, services.GetService<TimeProvider>()),
                typeof(TwoFactorProtector))
            .Provide(
                services => new TwoFactorService(
                    services.GetRequiredService<IRepository<TwoFactorSecret>>(),
                    services.GetRequiredService<IRepository<RecoveryCode>>(),
                    services.GetRequiredService<IRepository<TwoFactorTicket>>(),
                    services.GetRequiredService<IRepository<User>>(),
                    services.GetRequiredService<TwoFactorProtector>(),
                    options,
                    services.GetRequiredService<AuthOptions>(),
                    services.GetRequiredService<TimeProvider>(),
                    services.GetService<AuthEvents>()),
                typeof(IRepository<TwoFactorSecret>), typeof(IRepository<RecoveryCode>), typeof(IRepository<TwoFactorTicket>),
                typeof(IRepository<User>), typeof(TwoFactorProtector), typeof(AuthOptions))
            .Contribute<IAuthEventObserver>(services => new TwoFactorLockoutReset(services))
            .Add(AccountRoutes.CreateTwoFactor(endpoints));
    }
}
