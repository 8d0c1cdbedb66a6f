using JustScale.Core;
using JustScale.Http;
using static JustScale.Http.Routes;

namespace JustScale.Auth;

// Sessions: list the signed-in user's devices, log one out, log out every other.
internal static partial class AccountRoutes
{
    private static void AddSessionRoutes(RouteTable routes, SessionService sessions)
    {
        routes["sessions"] = Get("/sessions").Use(AuthMiddleware.Auth).Handle(async ctx =>
        {
            var list = await sessions.ListForUserAsync(ctx.User, ctx.RequestAborted).ConfigureAwait(false);
            ctx.Res.Json(new
            {
                // Never the token: the stored one is a hash, and it stays on the server.
                sessions = list.Select(s => new
                {
                    id = s.Id,
                    createdAt = s.CreatedAt,
                    lastActiveAt = s.LastActiveAt,
                    expiresAt = s.ExpiresAt,
                    userAgent = s.UserAgent,
                    ipAddress = s.IpAddress,
                    current = s.Id == ctx.Session.Id,
                    impersonatedBy = s.ImpersonatedBy, // an admin's session as this user: visible to the user
                }),
            });
        });

        routes["revokeSession"] = Delete("/sessions/:sessionId").MaxBodySize(0).Use(AuthMiddleware.Auth).Handle(async ctx =>
        {
            if (!Guid.TryParse(ctx.Params["sessionId"], out var sessionId)
                || !await sessions.RevokeForUserAsync(ctx.User, sessionId, ctx.RequestAborted).ConfigureAwait(false))
            {
                throw new JustScaleException("Session not found", 404, "session_not_found"); // another user's session is unknown here
            }

            if (sessionId == ctx.Session.Id)
            {
                ctx.ClearSessionCookie();
            }

            ctx.Res.Json(new { revoked = 1 });
        });

        routes["revokeOthers"] = Post("/sessions/revoke-others").MaxBodySize(0).Use(AuthMiddleware.Auth).Handle(async ctx =>
        {
            var revoked = await sessions.RevokeOthersAsync(ctx.User, ctx.Session.Id, ctx.RequestAborted).ConfigureAwait(false);
            ctx.Res.Json(new { revoked });
        });
    }
}
