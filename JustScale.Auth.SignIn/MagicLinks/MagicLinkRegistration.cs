using JustScale.Core;
using JustScale.Http;

namespace JustScale.Auth.SignIn;

/// <summary>Registers the magic-link part of <see cref="SignInFeature"/>: its requirements, rate limit policies and routes.</summary>
internal static class MagicLinkRegistration
{
    public static void Configure(ComponentContext context, MagicLinkOptions options)
    {
        context
            .Require<AuthTokenService>()
            .Require<IAuthEmailSender>()
            .Require<AuthEndpointsOptions>()
            .Provide(options);
        var request = new RateLimitPolicy(SignInRateLimits.MagicLink);
        if (options.PerIp is { } perIp)
        {
            request.Limit("ip", RateLimitKeys.ClientIp, perIp);
        }

        if (options.PerEmail is { } perEmail)
        {
            request.Limit("email", AuthRateLimits.Email, perEmail);
        }

        var verify = new RateLimitPolicy(SignInRateLimits.MagicLinkVerify);
        if (options.VerifyPerIp is { } verifyPerIp)
        {
            verify.Limit("ip", RateLimitKeys.ClientIp, verifyPerIp);
        }

        context.Add(request).Add(verify).Add(MagicLinkRoutes.Create(options));
    }
}
