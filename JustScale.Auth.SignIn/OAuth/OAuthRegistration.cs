using JustScale.Core;

namespace JustScale.Auth.SignIn;

/// <summary>Registers the provider part of <see cref="SignInFeature"/>: its repository, the service and the routes.</summary>
internal static class OAuthRegistration
{
    public static void Configure(ComponentContext context, OAuthOptions options)
    {
        context
            .Require<IRepository<ExternalLogin>>()
            .Require<PasswordService>()
            .Provide(options)
            .Provide<OAuthService>()
            .Add(OAuthRoutes.Create(options))
            .Add(OAuthRoutes.CreateAccount(options));
    }
}
