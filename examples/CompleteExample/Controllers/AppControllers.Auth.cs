using JustScale.Auth;
using JustScale.Http;
using static JustScale.Auth.AuthMiddleware;
using static JustScale.Http.Routes;

namespace CompleteExample.Controllers;

/// <summary>The docs' controllers, one file each.</summary>
public static partial class AppControllers
{
    /// <summary>The docs' AuthController: register and login, plus logout and logout-all.</summary>
    public static Controller AuthController { get; } = Controller.Create("/auth",
        (UserService users, SessionService sessions) => new Dictionary<string, RouteDefinition>
        {
            // Public routes that read a body get a small body limit: a few KiB hold any real email, password and name, and a
            // client declaring more is refused before a byte is buffered, ahead of rate limits and scrypt.
            // .Body<T>() binds and validates it (400 naming the fields); .Returns<T>() declares the answer for /openapi.json.
            ["register"] = Post("/register").MaxBodySize(8 * 1024).RateLimit(AuthRateLimits.Register)
                .Body<RegisterRequest>().Returns<RegisterResponse>().Returns(409, "Email already registered").Handle(async ctx =>
            {
                var body = ctx.Body;
                try
                {
                    // The user and the first session are stored in one transaction: both or neither.
                    var (user, session) = await users.RegisterWithSessionAsync(body.Email, body.Password, body.Name, CreateSessionOptions.For(ctx));
                    var token = ctx.SetSessionCookie(session) ? null : session.Token; // with cookie sessions, scripts never see the token
                    ctx.Res.Json(new RegisterResponse(token, new RegisteredUser(user.Id, user.Email)));
                }
                catch (UserExistsException)
                {
                    ctx.Res.Status(409).Json(new { error = "Email already registered" });
                }
            }),

            ["login"] = Post("/login").MaxBodySize(8 * 1024).RateLimit(AuthRateLimits.Login)
                .Body<LoginRequest>().Returns<LoginResponse>().Returns(401, "Invalid credentials").Handle(async ctx =>
            {
                var body = ctx.Body;
                var user = await users.AuthenticateAsync(body.Email, body.Password);
                if (user is null)
                {
                    ctx.Res.Status(401).Json(new { error = "Invalid credentials" });
                    return;
                }

                // Two-factor login is a result, not an exception: no session yet, a ticket to post back with a code (/account/2fa/verify).
                var result = await sessions.SignInAsync(user, CreateSessionOptions.For(ctx));
                if (result.RequiresTwoFactor)
                {
                    ctx.Res.Header("Cache-Control", "no-store").Json(new { twoFactorRequired = true, ticket = result.TwoFactorTicket });
                    return;
                }

                var token = ctx.SetSessionCookie(result.Session) ? null : result.Session.Token;
                ctx.Res.Json(new LoginResponse(token));
            }),

            // Beyond the page: logout revokes the current session, logout-all every session of the user (both clear the cookie).
            ["logout"] = Post("/logout").MaxBodySize(0).Use(Auth).Returns<RevokedResponse>().Handle(async ctx =>
            {
                var revoked = await sessions.RevokeAsync(ctx.Session.Id) ? 1 : 0;
                ctx.ClearSessionCookie();
                ctx.Res.Json(new RevokedResponse(revoked));
            }),

            ["logoutAll"] = Post("/logout-all").MaxBodySize(0).Use(Auth).Returns<RevokedResponse>().Handle(async ctx =>
            {
                var revoked = await sessions.RevokeAllForUserAsync(ctx.User);
                ctx.ClearSessionCookie();
                ctx.Res.Json(new RevokedResponse(revoked));
            }),
        });
}
