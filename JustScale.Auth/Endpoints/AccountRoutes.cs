using JustScale.Core;
using JustScale.Http;
using static JustScale.Http.Routes;

namespace JustScale.Auth;

/// <summary>Builds the routes of <see cref="AuthEndpointsFeature"/>: profile, email verification, password reset and change, sessions.</summary>
/// <remarks>One file per flow: AccountRoutes.Email.cs, .Password.cs, .Sessions.cs. Errors use the wire format
/// <c>{"error","code"}</c> through <see cref="JustScale.Core.JustScaleException"/>.</remarks>
internal static partial class AccountRoutes
{
    /// <summary>Gets the body limit of the routes that read one (a token, an email, passwords, a name): 8 KiB, far above any real request.</summary>
    /// <remarks>A client declaring more is refused before a byte is buffered, ahead of rate limits and password hashing.</remarks>
    internal const int SmallBody = 8 * 1024;

    /// <summary>Makes the controller at the options' prefix.</summary>
    public static Controller Create(AuthEndpointsOptions options) => Controller.Create(options.Prefix,
        (UserService users, SessionService sessions, PasswordService passwords, AuthTokenService tokens, IAuthEmailSender mail, IUnitOfWork unitOfWork) =>
        {
            var routes = new RouteTable
            {
                ["me"] = Get("/me").Use(AuthMiddleware.Auth).Returns<AccountProfile>().Handle(ctx => ctx.Res.Json(new AccountProfile(
                    ctx.User.Id,
                    ctx.User.Email,
                    ctx.User.Name,
                    ctx.User.EmailVerifiedAt is not null,
                    ctx.User.Roles ?? [],
                    ctx.Session.ImpersonatedBy))), // ImpersonatedBy: set when an admin acts as this user
            };
            AddEmailRoutes(routes, options, users, tokens, mail);
            AddPasswordRoutes(routes, options, users, passwords, tokens, mail, unitOfWork);
            AddSessionRoutes(routes, sessions);
            return routes;
        });

    /// <summary>Answers 202 <c>{"ok":true}</c>: the request is taken, its effect (a mail) follows.</summary>
    private static void Accepted(IRequestContext ctx) => ctx.Res.Status(202).Json(new { ok = true });

    private static JustScale.Core.JustScaleException InvalidToken() => new("Invalid or expired token", 400, "invalid_token");
}
