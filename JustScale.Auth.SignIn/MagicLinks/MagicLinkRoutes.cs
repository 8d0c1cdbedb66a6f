using System.Diagnostics;
using System.Text.Json;
using JustScale.Core;
using JustScale.Http;
using static JustScale.Http.Routes;

namespace JustScale.Auth.SignIn;

/// <summary>Builds the magic-link routes: request a link (202 alike for every email), verify its token (a session).</summary>
internal static class MagicLinkRoutes
{
    private const int SmallBody = 8 * 1024;
    private const string SignUpKind = "magic_signup";

    public static Controller Create(MagicLinkOptions options) => options.AllowSignUp
        ? Controller.Create(options.Prefix, (UserService users, SessionService sessions, AuthTokenService tokens, IAuthEmailSender mail, AuthEndpointsOptions endpoints, CeremonyStore ceremonies) =>
            Routes(options, users, sessions, tokens, mail, endpoints, ceremonies))
        : Controller.Create(options.Prefix, (UserService users, SessionService sessions, AuthTokenService tokens, IAuthEmailSender mail, AuthEndpointsOptions endpoints) =>
            Routes(options, users, sessions, tokens, mail, endpoints, null));

    private static RouteTable Routes(
        MagicLinkOptions options, UserService users, SessionService sessions, AuthTokenService tokens, IAuthEmailSender mail,
        AuthEndpointsOptions endpoints, CeremonyStore? ceremonies) => new()
    {
        ["magicLink"] = Post("/magic-link").MaxBodySize(SmallBody).RateLimit(SignInRateLimits.MagicLink).Body<MagicLinkRequest>().Handle(async ctx =>
        {
            var started = Stopwatch.GetTimestamp();
            var email = ctx.Body.Email;
            var user = await users.FindByEmailAsync(email, ctx.RequestAborted).ConfigureAwait(false);
            string? token = null;
            string? to = null;
            if (user is { DisabledAt: null })
            {
                token = await tokens.IssueAsync(user, AuthTokenPurpose.MagicLink, ctx.RequestAborted).ConfigureAwait(false);
                to = user.Email;
            }
            else if (user is null && ceremonies is not null && IsPlausibleEmail(email))
            {
                to = UserService.NormalizeEmail(email);
                token = await ceremonies.BeginAsync(SignUpKind, null, JsonSerializer.Serialize(to), tokens.TtlOf(AuthTokenPurpose.MagicLink), ctx.RequestAborted).ConfigureAwait(false);
            }

            if (token is not null && to is not null)
            {
                var link = endpoints.LinkFor(options.LinkPath, token);
                var context = new AuthEmailContext(to, user?.Name, link, tokens.TtlOf(AuthTokenPurpose.MagicLink));
                await mail.SendAsync(endpoints.Templates.MagicLink(context), ctx.RequestAborted).ConfigureAwait(false);
            }

            // Wall-clock padding, not the cluster's TimeProvider: it hides the work from a client's stopwatch.
            var remaining = options.MinimumDuration - Stopwatch.GetElapsedTime(started);
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining, ctx.RequestAborted).ConfigureAwait(false);
            }

            ctx.Res.Status(202).Json(new { ok = true }); // the same answer for every address: it tells nobody who has an account
        }),

        ["magicLinkVerify"] = Post("/magic-link/verify").MaxBodySize(SmallBody).RateLimit(SignInRateLimits.MagicLinkVerify).Body<MagicLinkVerifyRequest>().Handle(async ctx =>
        {
            var user = await RedeemAsync(ctx.Body.Token, users, tokens, ceremonies, ctx.RequestAborted).ConfigureAwait(false)
                ?? throw new JustScaleException("Invalid or expired link", 400, "invalid_token");
            await SignInResponses.SignInAsync(ctx, sessions, user).ConfigureAwait(false);
        }),
    };

    // The link proves the mailbox: the account's email counts as verified from here on.
    private static async Task<User?> RedeemAsync(string token, UserService users, AuthTokenService tokens, CeremonyStore? ceremonies, CancellationToken cancellationToken)
    {
        if (await tokens.ConsumeAsync(token, AuthTokenPurpose.MagicLink, cancellationToken).ConfigureAwait(false) is { } owner)
        {
            var user = await users.FindByIdAsync(owner.Id, cancellationToken).ConfigureAwait(false);
            if (user is { EmailVerifiedAt: null } && await users.VerifyEmailAsync(user.Id, cancellationToken).ConfigureAwait(false))
            {
                user = await users.FindByIdAsync(user.Id, cancellationToken).ConfigureAwait(false);
            }

            return user;
        }

        if (ceremonies is null || await ceremonies.TakeAsync(SignUpKind, token, cancellationToken).ConfigureAwait(false) is not { } signUp)
        {
            return null;
        }

        var email = JsonSerializer.Deserialize<string>(signUp.Data) ?? "";
        try
        {
            return await users.RegisterPasswordlessAsync(email, null, emailVerified: true, cancellationToken).ConfigureAwait(false);
        }
        catch (UserExistsException)
        {
            // Registered meanwhile (with a password, say): the link still proves the mailbox, as a sign-in link would.
            var existing = await users.FindByEmailAsync(email, cancellationToken).ConfigureAwait(false);
            if (existing is { EmailVerifiedAt: null })
            {
                await users.VerifyEmailAsync(existing.Id, cancellationToken).ConfigureAwait(false);
            }

            return existing;
        }
    }

    private static bool IsPlausibleEmail(string email)
    {
        var normalized = UserService.NormalizeEmail(email);
        var at = normalized.IndexOf('@', StringComparison.Ordinal);
        return normalized.Length <= 255 && at > 0 && at == normalized.LastIndexOf('@') && at < normalized.Length - 1 && !normalized.Any(char.IsControl);
    }
}
