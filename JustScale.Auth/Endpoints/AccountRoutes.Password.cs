using System.Diagnostics;
using JustScale.Core;
using JustScale.Http;
using static JustScale.Http.Routes;

namespace JustScale.Auth;

// Passwords: forgot (mail a reset link), reset (with the link's token), change (signed in, with the current password).
internal static partial class AccountRoutes
{
    private static void AddPasswordRoutes(
        RouteTable routes, AuthEndpointsOptions options, UserService users, PasswordService passwords, AuthTokenService tokens, IAuthEmailSender mail,
        IUnitOfWork unitOfWork)
    {
        routes["forgot"] = Post("/password/forgot").MaxBodySize(SmallBody).RateLimit(AuthRateLimits.PasswordForgot).Body<ForgotPasswordRequest>().Handle(async ctx =>
        {
            var body = ctx.Body;
            var started = Stopwatch.GetTimestamp();
            var user = await users.FindByEmailAsync(body.Email, ctx.RequestAborted).ConfigureAwait(false);
            if (user is { DisabledAt: null })
            {
                var token = await tokens.IssueAsync(user, AuthTokenPurpose.ResetPassword, ctx.RequestAborted).ConfigureAwait(false);
                var link = options.LinkFor(options.ResetPasswordPath, token);
                var context = new AuthEmailContext(user.Email, user.Name, link, tokens.TtlOf(AuthTokenPurpose.ResetPassword));
                await mail.SendAsync(options.Templates.PasswordReset(context), ctx.RequestAborted).ConfigureAwait(false);
            }

            // Wall-clock padding, not the cluster's TimeProvider: it hides work from a client's stopwatch.
            var remaining = options.ForgotPasswordMinimumDuration - Stopwatch.GetElapsedTime(started);
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining, ctx.RequestAborted).ConfigureAwait(false);
            }

            Accepted(ctx);
        });

        routes["reset"] = Post("/password/reset").MaxBodySize(SmallBody).RateLimit(AuthRateLimits.Account).Body<ResetPasswordRequest>().Handle(async ctx =>
        {
            var body = ctx.Body;
            passwords.EnsureAcceptable(body.Password); // a weak password must not use the token up
            bool reset;
            var transaction = await unitOfWork.BeginAsync(ctx.RequestAborted).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Token used up, new hash, sessions revoked: all three commit together or none does (the link still works).
                var user = await tokens.ConsumeAsync(body.Token, AuthTokenPurpose.ResetPassword, ctx.RequestAborted).ConfigureAwait(false);
                reset = user is { } owner && await users.ResetPasswordAsync(owner.Id, body.Password, ctx.RequestAborted).ConfigureAwait(false) is not null;
                await transaction.CommitAsync(ctx.RequestAborted).ConfigureAwait(false);
            }

            if (!reset)
            {
                throw InvalidToken();
            }

            ctx.Res.Json(new { ok = true });
        });

        routes["change"] = Post("/password/change").MaxBodySize(SmallBody).Use(AuthMiddleware.Auth).RateLimit(AuthRateLimits.Sensitive).Body<ChangePasswordRequest>().Handle(async ctx =>
        {
            var body = ctx.Body;
            await RequirePasswordAsync(passwords, ctx.User, body.CurrentPassword, ctx.RequestAborted).ConfigureAwait(false);
            var revoked = await unitOfWork.RunAsync(async ct =>
            {
                var count = await users.ChangePasswordAsync(ctx.User.Id, body.NewPassword, keepSessionId: ctx.Session.Id, ct).ConfigureAwait(false);
                await tokens.RevokeAllForUserAsync(ctx.User, ct).ConfigureAwait(false); // a reset link mailed before must not undo the change
                return count;
            }, ctx.RequestAborted).ConfigureAwait(false);
            if (revoked is null)
            {
                throw new AuthenticationFailedException("Invalid or expired session");
            }

            ctx.Res.Json(new { revoked });
        });
    }
}
