using JustScale.Http;
using static JustScale.Http.Routes;

namespace JustScale.Auth;

// Email verification: mail a link to the signed-in user; the page behind it posts the token back.
internal static partial class AccountRoutes
{
    private static void AddEmailRoutes(RouteTable routes, AuthEndpointsOptions options, UserService users, AuthTokenService tokens, IAuthEmailSender mail)
    {
        routes["requestVerification"] = Post("/email/verification").MaxBodySize(0).Use(AuthMiddleware.Auth).RateLimit(AuthRateLimits.Verification).Handle(async ctx =>
        {
            var user = ctx.User;
            if (user.EmailVerifiedAt is null)
            {
                var token = await tokens.IssueAsync(user, AuthTokenPurpose.VerifyEmail, ctx.RequestAborted).ConfigureAwait(false);
                var link = options.LinkFor(options.VerifyEmailPath, token);
                var context = new AuthEmailContext(user.Email, user.Name, link, tokens.TtlOf(AuthTokenPurpose.VerifyEmail));
                await mail.SendAsync(options.Templates.Verification(context), ctx.RequestAborted).ConfigureAwait(false);
            }

            Accepted(ctx);
        });

        routes["verify"] = Post("/email/verify").MaxBodySize(SmallBody).RateLimit(AuthRateLimits.Account).Body<VerifyEmailRequest>().Handle(async ctx =>
        {
            var body = ctx.Body;
            var user = await tokens.ConsumeAsync(body.Token, AuthTokenPurpose.VerifyEmail, ctx.RequestAborted).ConfigureAwait(false);
            if (user is not { } owner || !await users.VerifyEmailAsync(owner.Id, ctx.RequestAborted).ConfigureAwait(false))
            {
                throw InvalidToken();
            }

            ctx.Res.Json(new { verified = true });
        });
    }
}
