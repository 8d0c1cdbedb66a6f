using JustScale.Core;
using JustScale.Http;
using static JustScale.Http.Routes;

namespace JustScale.Auth;

// Two-factor login: set up, enable, disable, new recovery codes (signed in), and the second step of a login (verify, with the ticket).
// Turning it on or off and new recovery codes need the password as well as the session (a stolen session must not lock the
// owner out), are limited per account as well as per IP, and turning it on or off signs out every other session.
internal static partial class AccountRoutes
{
    /// <summary>Makes the two-factor routes' controller at the options' prefix (<c>/2fa/...</c>).</summary>
    public static Controller CreateTwoFactor(AuthEndpointsOptions options) => Controller.Create(options.Prefix,
        (TwoFactorService twoFactor, SessionService sessions, PasswordService passwords) => new RouteTable
        {
            ["twoFactorSetup"] = Post("/2fa/setup").MaxBodySize(0).RateLimit(AuthRateLimits.TwoFactor).Use(AuthMiddleware.Auth).Handle(async ctx =>
            {
                var setup = await twoFactor.SetupAsync(ctx.User, ctx.RequestAborted).ConfigureAwait(false);
                ctx.Res.Header("Cache-Control", "no-store").Json(new { secret = setup.Secret, otpauthUri = setup.OtpauthUri });
            }),

            ["twoFactorEnable"] = Post("/2fa/enable").MaxBodySize(SmallBody).RateLimit(AuthRateLimits.TwoFactor).Use(AuthMiddleware.Auth)
                .RateLimit(AuthRateLimits.Sensitive).Body<TwoFactorCodeRequest>().Handle(async ctx =>
            {
                await RequirePasswordAsync(passwords, ctx.User, ctx.Body.Password, ctx.RequestAborted).ConfigureAwait(false);
                var codes = await twoFactor.EnableAsync(ctx.User, ctx.Body.Code, ctx.RequestAborted).ConfigureAwait(false) ?? throw InvalidCode();
                var revoked = await sessions.RevokeOthersAsync(ctx.User, ctx.Session.Id, ctx.RequestAborted).ConfigureAwait(false);
                ctx.Res.Header("Cache-Control", "no-store").Json(new { recoveryCodes = codes, revokedSessions = revoked });
            }),

            ["twoFactorDisable"] = Post("/2fa/disable").MaxBodySize(SmallBody).RateLimit(AuthRateLimits.TwoFactor).Use(AuthMiddleware.Auth)
                .RateLimit(AuthRateLimits.Sensitive).Body<TwoFactorDisableRequest>().Handle(async ctx =>
            {
                var body = ctx.Body;
                if (!await twoFactor.IsEnabledAsync(ctx.User.Id, ctx.RequestAborted).ConfigureAwait(false))
                {
                    throw new JustScaleException("Two-factor authentication is not enabled", 400, "two_factor_not_enabled");
                }

                await RequirePasswordAsync(passwords, ctx.User, body.Password, ctx.RequestAborted).ConfigureAwait(false);
                if (body.Code is { } code && !await twoFactor.VerifyCodeAsync(ctx.User, code, ctx.RequestAborted).ConfigureAwait(false))
                {
                    throw InvalidCode();
                }

                await twoFactor.DisableAsync(ctx.User, ctx.RequestAborted).ConfigureAwait(false);
                var revoked = await sessions.RevokeOthersAsync(ctx.User, ctx.Session.Id, ctx.RequestAborted).ConfigureAwait(false);
                ctx.Res.Header("Cache-Control", "no-store").Json(new { disabled = true, revokedSessions = revoked });
            }),

            ["twoFactorRecoveryCodes"] = Post("/2fa/recovery-codes").MaxBodySize(SmallBody).RateLimit(AuthRateLimits.TwoFactor).Use(AuthMiddleware.Auth)
                .RateLimit(AuthRateLimits.Sensitive).Body<TwoFactorPasswordRequest>().Handle(async ctx =>
            {
                await RequirePasswordAsync(passwords, ctx.User, ctx.Body.Password, ctx.RequestAborted).ConfigureAwait(false);
                var codes = await twoFactor.RegenerateRecoveryCodesAsync(ctx.User, ctx.RequestAborted).ConfigureAwait(false);
                ctx.Res.Header("Cache-Control", "no-store").Json(new { recoveryCodes = codes });
            }),

            ["twoFactorVerify"] = Post("/2fa/verify").MaxBodySize(SmallBody).RateLimit(AuthRateLimits.TwoFactor).Body<TwoFactorVerifyRequest>()
                .Returns<SessionTokenResponse>().Returns(401, "Invalid or expired ticket, or wrong code")
                .Handle(ctx => TwoFactorLoginStep.CompleteAsync(ctx, ctx.Body, twoFactor, sessions)),
        });

    private static JustScaleException InvalidCode() => new("Invalid code", 400, "invalid_code");

    /// <summary>Checks the account's current password, or throws 400 <c>invalid_current_password</c>.</summary>
    private static async Task RequirePasswordAsync(PasswordService passwords, User user, string password, CancellationToken cancellationToken)
    {
        if (!await passwords.VerifyAsync(password, user.PasswordHash, cancellationToken).ConfigureAwait(false))
        {
            throw new JustScaleException("Current password is incorrect", 400, "invalid_current_password");
        }
    }
}
