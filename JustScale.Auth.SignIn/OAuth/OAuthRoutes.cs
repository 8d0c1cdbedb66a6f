using JustScale.Core;
using JustScale.Http;
using Microsoft.AspNetCore.Http;
using static JustScale.Http.Routes;

namespace JustScale.Auth.SignIn;

/// <summary>Builds the provider routes: start (302 to the provider), callback (302 to the app's landing page with a one-time code), exchange, link, and the signed-in list.</summary>
internal static class OAuthRoutes
{
    private const string BindingCookie = "justscale_oauth";

    public static Controller Create(OAuthOptions options) => Controller.Create(options.Prefix, (OAuthService oauth, SessionService sessions, UserService users, PasswordService passwords) => new RouteTable
    {
        ["oauthProviders"] = Get("/providers").Handle(ctx => ctx.Res.Json(new
        {
            providers = oauth.Providers.Select(p => new { name = p.Name, displayName = p.DisplayName, startUrl = $"{options.Prefix.TrimEnd('/')}/{p.Name}/start" }),
        })),

        ["oauthStart"] = Get("/:provider/start").RateLimit(SignInRateLimits.SignIn).Handle(async ctx =>
        {
            var client = oauth.Find(ctx.Params["provider"]) ?? throw UnknownProvider();
            var request = ctx.HttpContext.Request;
            var canonical = options.CallbackBase;

            // The binding cookie must be set on the host the provider sends the browser back to; once, so a proxy that rewrites Host cannot loop.
            if (!string.Equals(request.Host.Value, canonical.Authority, StringComparison.OrdinalIgnoreCase) && !request.Query.ContainsKey("canonical"))
            {
                Redirect(ctx, new Uri(canonical, $"{options.Prefix.TrimEnd('/')}/{client.Name}/start?canonical=1"));
                return;
            }

            var binding = CeremonyStore.NewKey();
            Uri target;
            try
            {
                target = await oauth.StartAsync(client, binding, ctx.RequestAborted).ConfigureAwait(false);
            }
            catch (OAuthFlowException e)
            {
                Redirect(ctx, oauth.Landing("error", e.Code));
                return;
            }

            ctx.HttpContext.Response.Cookies.Append(BindingCookie, binding, new CookieOptions(BindingCookieOptions(options)) { MaxAge = options.StateTtl });
            Redirect(ctx, target);
        }),

        ["oauthCallback"] = Get("/:provider/callback").RateLimit(SignInRateLimits.SignIn).Handle(async ctx =>
        {
            var client = oauth.Find(ctx.Params["provider"]) ?? throw UnknownProvider();
            var query = ctx.Query;
            var binding = ctx.HttpContext.Request.Cookies[BindingCookie];
            ctx.HttpContext.Response.Cookies.Delete(BindingCookie, BindingCookieOptions(options));
            Uri landing;
            try
            {
                if (query["error"].ToString() is { Length: > 0 } error)
                {
                    // The state is used up either way; the provider's error becomes one of ours (its text may be anything).
                    await oauth.CallbackAsync(client, query["state"], null, binding, ctx.RequestAborted).ConfigureAwait(false);
                    throw new OAuthFlowException(error == "access_denied" ? "access_denied" : "provider_error", "The provider refused.");
                }

                var code = await oauth.CallbackAsync(client, query["state"], query["code"], binding, ctx.RequestAborted).ConfigureAwait(false);
                landing = oauth.Landing("code", code);
            }
            catch (OAuthFlowException e)
            {
                landing = oauth.Landing("error", e.Code is "invalid_request" && query["error"].Count > 0 ? "provider_error" : e.Code);
            }

            Redirect(ctx, landing);
        }),

        ["oauthExchange"] = Post("/exchange").MaxBodySize(8 * 1024).RateLimit(SignInRateLimits.SignIn).Body<OAuthExchangeRequest>().Handle(async ctx =>
        {
            var outcome = await oauth.TakeCodeAsync(ctx.Body.Code, ctx.RequestAborted).ConfigureAwait(false)
                ?? throw new JustScaleException("Invalid or expired code", 400, "invalid_code");
            var user = await users.FindByIdAsync(outcome.UserId, ctx.RequestAborted).ConfigureAwait(false) ?? throw SignInResponses.Disabled();
            if (outcome.Kind == OAuthService.OutcomeKind.LinkRequired)
            {
                var linkToken = await oauth.PendLinkAsync(outcome, ctx.RequestAborted).ConfigureAwait(false);
                ctx.Res.Status(409).Header("Cache-Control", "no-store").Json(new
                {
                    error = "An account with this email exists: confirm with its password (or signed in) to link this sign-in to it",
                    code = "link_confirmation_required",
                    linkToken,
                    provider = outcome.Provider,
                });
                return;
            }

            await SignInResponses.SignInAsync(ctx, sessions, user).ConfigureAwait(false);
        }),

        ["oauthLink"] = Post("/link").MaxBodySize(8 * 1024).RateLimit(AuthRateLimits.Login).Use(AuthMiddleware.OptionalAuth).Handle(async ctx =>
        {
            var body = ctx.Body<OAuthLinkRequest>();
            var outcome = await oauth.TakeLinkAsync(body.LinkToken, ctx.RequestAborted).ConfigureAwait(false)
                ?? throw new JustScaleException("Invalid or expired link token", 400, "invalid_token");
            var user = await users.FindByIdAsync(outcome.UserId, ctx.RequestAborted).ConfigureAwait(false) ?? throw SignInResponses.Disabled();
            var confirmed = ctx.User?.Id == user.Id
                || (body.Password is { } password && await passwords.VerifyAsync(password, user.PasswordHash, ctx.RequestAborted).ConfigureAwait(false));
            if (!confirmed)
            {
                throw new JustScaleException("Confirm with the account's password, or signed in as the account", 401, "confirmation_failed");
            }

            await oauth.LinkAsync(outcome, ctx.RequestAborted).ConfigureAwait(false);
            await SignInResponses.SignInAsync(ctx, sessions, user).ConfigureAwait(false);
        }),
    });

    public static Controller CreateAccount(OAuthOptions options) => Controller.Create(options.AccountPrefix, (OAuthService oauth) => new RouteTable
    {
        ["oauthIdentities"] = Get("/oauth").Use(AuthMiddleware.Auth).Handle(async ctx =>
        {
            var list = await oauth.ListAsync(ctx.User, ctx.RequestAborted).ConfigureAwait(false);
            ctx.Res.Json(new { identities = list.Select(l => new { provider = l.Provider, email = l.Email, createdAt = l.CreatedAt }) });
        }),

        ["oauthUnlink"] = Delete("/oauth/:provider").Use(AuthMiddleware.Auth).Handle(async ctx =>
        {
            if (!await oauth.UnlinkAsync(ctx.User, ctx.Params["provider"] ?? "", ctx.RequestAborted).ConfigureAwait(false))
            {
                throw new JustScaleException("No identity of this provider is linked", 404, "identity_not_found");
            }

            ctx.Res.Json(new { unlinked = 1 });
        }),
    });

    // Lax: sent on the provider's top-level redirect back, never on cross-site subrequests.
    private static CookieOptions BindingCookieOptions(OAuthOptions options) =>
        new() { HttpOnly = true, Secure = options.CallbackBase.Scheme == "https", SameSite = SameSiteMode.Lax, Path = options.Prefix };

    private static void Redirect(IRequestContext ctx, Uri target) =>
        ctx.Res.Status(302).Header("Location", target.AbsoluteUri).Header("Cache-Control", "no-store").End();

    private static JustScaleException UnknownProvider() => new("Unknown provider", 404, "unknown_provider");
}
