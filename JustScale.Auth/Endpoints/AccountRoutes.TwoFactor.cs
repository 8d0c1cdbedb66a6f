using JustScale.Core;
using JustScale.Http;
using static JustScale.Http.Routes;

namespace JustScale.Auth;

// Two-factor login: set up, enable, disable (signed in), and the second step of a login (verify, with the ticket).
internal static partial class AccountRoutes
{
    /// <summary>Makes the two-factor routes' controller at the options' prefix (<c>/2fa/...</c>).</summary>
    public static Controller CreateTwoFactor(AuthEndpointsOptions options) => Controller.Create(options.Prefix,
        (TwoFactorService twoFactor, SessionService sessions, PasswordService passwords) => new RouteTable
        {
            ["twoFactorSetup"] = Post("/2fa/setup").RateLimit(AuthRateLimits.TwoFactor).Use(AuthMiddleware.Auth).Handle(async ctx =>
            {
                var setup = await twoFactor.SetupAsync(ctx.User, ctx.RequestAborted).ConfigureAwait(false);
                ctx.Res.Header("Cache-Control", "no-store").Json(new { secret = setup.Secret, otpauthUri = setup.OtpauthUri });
            }),

            ["twoFactorEnable"] = Post("/2fa/enable").MaxBodySize(SmallBody).RateLimit(AuthRateLimits.TwoFactor).Use(AuthMiddleware.Auth).Handle(async ctx =>
            {
                var body = ctx.Body<TwoFactorCodeRequest>();
                var codes = await twoFactor.EnableAsync(ctx.User, body.Code, ctx.RequestAborted).ConfigureAwait(false) ?? throw InvalidCode();
                ctx.Res.Header("Cache-Control", "no-store").Json(new { recoveryCodes = codes });
            }),

            ["twoFactorDisable"] = Post("/2fa/disable").MaxBodySize(SmallBody).RateLimit(AuthRateLimits.TwoFactor).Use(AuthMiddleware.Auth).Handle(async ctx =>
            {
                var body = ctx.Body<TwoFactorDisableRequest>();
                if (!await twoFactor.IsEnabledAsync(ctx.User.Id, ctx.RequestAborted).ConfigureAwait(false))
                {
                    throw new JustScaleException("Two-factor authentication is not enabled", 400, "two_factor_not_enabled");
                }

                var proven = body.Password is { } password
                    ? await passwords.VerifyAsync(password, ctx.User.PasswordHash, ctx.RequestAborted).ConfigureAwait(false)
                    : await twoFactor.VerifyCodeAsync(ctx.User, body.Code, ctx.RequestAborted).ConfigureAwait(false);
                if (!proven)
                {
                    throw body.Password is null ? InvalidCode() : new JustScaleException("Password is incorrect", 400, "invalid_current_password");
                }

                await twoFactor.DisableAsync(ctx.User, ctx.RequestAborted).ConfigureAwait(false);
                ctx.Res.Json(new { disabled = true });
            }),

            ["twoFactorVerify"] = Post("/2fa/verify").MaxBodySize(SmallBody).RateLimit(AuthRateLimits.TwoFactor).Handle(async ctx =>
            {
                var body = ctx.Body<TwoFactorVerifyRequest>();
                var login = await twoFactor.RedeemAsync(body.Ticket, body.Code, ctx.RequestAborted).ConfigureAwait(false)
                    ?? throw new JustScaleException("Invalid or expired ticket, or wrong code", 401, "invalid_two_factor");
                var session = await sessions.CreateVerifiedAsync(login.User, CreateSessionOptions.For(ctx) with { Ttl = login.SessionTtl }, ctx.RequestAborted).ConfigureAwait(false);
                var token = ctx.SetSessionCookie(session) ? null : session.Token;
                ctx.Res.Header("Cache-Control", "no-store").Json(new { token });
            }),
        });

    private static JustScaleException InvalidCode() => new("Invalid code", 400, "invalid_code");
}
