using JustScale.Core;
using JustScale.Http;
using static JustScale.Http.Routes;

namespace JustScale.Auth;

/// <summary>Builds the shipped sign-in routes of <see cref="AuthEndpointsFeature"/> at <see cref="AuthEndpointsOptions.SignInPrefix"/>:
/// register, login (and its two-factor step), logout, logout-all.</summary>
/// <remarks>Rate limited (<see cref="AuthRateLimits"/>), body-limited (8 KiB), cookie-aware (<see cref="AuthOptions.Cookie"/>: the token goes
/// into the HttpOnly cookie and the body says <c>"token": null</c>). Errors use the wire format <c>{"error","code"}</c>.</remarks>
internal static class SignInRoutes
{
    /// <summary>Makes the controller at <paramref name="prefix"/>; the two-factor step is <see cref="CreateTwoFactor"/>.</summary>
    public static Controller Create(string prefix) => Controller.Create(prefix,
        (UserService users, SessionService sessions) => new RouteTable
        {
            ["signInRegister"] = Post("/register").MaxBodySize(AccountRoutes.SmallBody).RateLimit(AuthRateLimits.Register).Body<RegisterRequest>()
                .Returns<RegisterResponse>().Returns(400, "Invalid email, password or body").Returns(409, "Email already registered")
                .Handle(async ctx =>
                {
                    var body = ctx.Body;
                    Registration registration;
                    try
                    {
                        // The user and the first session are stored in one transaction: both or neither.
                        registration = await users.RegisterWithSessionAsync(body.Email, body.Password, body.Name, CreateSessionOptions.For(ctx), ctx.RequestAborted).ConfigureAwait(false);
                    }
                    catch (UserExistsException)
                    {
                        throw new JustScaleException("Email already registered", 409, "user_exists"); // without echoing the address
                    }

                    var token = ctx.SetSessionCookie(registration.Session) ? null : registration.Session.Token;
                    ctx.Res.Json(new RegisterResponse(token, new RegisteredUser(registration.User.Id, registration.User.Email)));
                }),

            ["signInLogin"] = Post("/login").MaxBodySize(AccountRoutes.SmallBody).RateLimit(AuthRateLimits.Login).Body<LoginRequest>()
                .Returns<SessionTokenResponse>()
                .Returns<TwoFactorChallengeResponse>(202, "Two-factor login is on: post the ticket and a code to the login's /2fa step")
                .Returns(401, "Invalid credentials")
                .Handle(async ctx =>
                {
                    var body = ctx.Body;
                    var user = await users.AuthenticateAsync(body.Email, body.Password, ctx.RequestAborted).ConfigureAwait(false)
                        ?? throw InvalidCredentials();
                    var result = await sessions.SignInAsync(user, CreateSessionOptions.For(ctx), ctx.RequestAborted).ConfigureAwait(false);
                    if (result.RequiresTwoFactor)
                    {
                        ctx.Res.Status(202).Header("Cache-Control", "no-store")
                            .Json(new TwoFactorChallengeResponse(true, result.TwoFactorTicket, result.TwoFactorExpiresAt.Value));
                        return;
                    }

                    var token = ctx.SetSessionCookie(result.Session) ? null : result.Session.Token;
                    ctx.Res.Json(new SessionTokenResponse(token));
                }),

            // Beyond the page: logout revokes the current session, logout-all every session of the user (both clear the cookie).
            ["signInLogout"] = Post("/logout").MaxBodySize(0).Use(AuthMiddleware.Auth).Returns<RevokedResponse>().Handle(async ctx =>
            {
                var revoked = await sessions.RevokeAsync(ctx.Session.Id, ctx.RequestAborted).ConfigureAwait(false) ? 1 : 0;
                ctx.ClearSessionCookie();
                ctx.Res.Json(new RevokedResponse(revoked));
            }),

            ["signInLogoutAll"] = Post("/logout-all").MaxBodySize(0).Use(AuthMiddleware.Auth).Returns<RevokedResponse>().Handle(async ctx =>
            {
                var revoked = await sessions.RevokeAllForUserAsync(ctx.User, cancellationToken: ctx.RequestAborted).ConfigureAwait(false);
                ctx.ClearSessionCookie();
                ctx.Res.Json(new RevokedResponse(revoked));
            }),
        });

    /// <summary>Makes the two-factor step at <paramref name="prefix"/> (<c>/login/2fa</c>): the login's ticket and a code make the session.</summary>
    public static Controller CreateTwoFactor(string prefix) => Controller.Create(prefix,
        (TwoFactorService twoFactor, SessionService sessions) => new RouteTable
        {
            ["signInLoginTwoFactor"] = Post("/login/2fa").MaxBodySize(AccountRoutes.SmallBody).RateLimit(AuthRateLimits.TwoFactor).Body<TwoFactorVerifyRequest>()
                .Returns<SessionTokenResponse>().Returns(401, "Invalid or expired ticket, or wrong code")
                .Handle(ctx => TwoFactorLoginStep.CompleteAsync(ctx, ctx.Body, twoFactor, sessions)),
        });

    private static JustScaleException InvalidCredentials() => new("Invalid credentials", 401, "invalid_credentials");
}
