using System.Globalization;
using JustScale.Auth;
using JustScale.Core;
using JustScale.Http;
using static JustScale.Http.Routes;

namespace JustScale.Permissions;

/// <summary>The admin API: search users, ban and unban, set global roles, revoke sessions, impersonate; every route needs the <c>admin</c> role.</summary>
internal static class AdminRoutes
{
    public static Controller Create(AdminOptions options) => Controller.Create(options.Prefix,
        (UserService users, SessionService sessions, TimeProvider time) => new RouteTable
        {
            ["users"] = Get("/users").Use(AuthMiddleware.Auth).Guard(AuthGuards.RequireRole(UserRoles.Admin)).Handle(async ctx =>
            {
                var limit = LimitOf(ctx.Query["limit"].ToString(), options.MaxPageSize);
                var cursor = ctx.Query["cursor"].ToString() is { Length: > 0 } c ? c : null;
                var (page, next) = await users.SearchAsync(ctx.Query["search"].ToString(), limit, cursor, ctx.RequestAborted).ConfigureAwait(false);
                ctx.Res.Json(new { items = page.Select(Describe), nextCursor = next });
            }),

            ["ban"] = Post("/users/:userId/ban").Use(AuthMiddleware.Auth).Guard(AuthGuards.RequireRole(UserRoles.Admin)).Body<BanRequest>().Handle(async ctx =>
            {
                var userId = UserIdOf(ctx);
                var reason = ctx.Body.Reason?.Trim() ?? "";
                if (reason.Length is 0 or > 500)
                {
                    throw new JustScaleException("reason must be 1 to 500 characters", 400, "invalid_reason");
                }

                if (ctx.Body.Until is { } until && until <= time.GetUtcNow())
                {
                    throw new JustScaleException("until must be in the future", 400, "invalid_until");
                }

                if (userId == ctx.User.Id)
                {
                    throw new JustScaleException("An admin cannot ban themselves", 400, "cannot_ban_self");
                }

                if (!await users.BanAsync(userId, reason, ctx.Body.Until, ctx.RequestAborted).ConfigureAwait(false))
                {
                    throw UserNotFound();
                }

                ctx.Res.Json(new { id = userId, banned = true, banReason = reason, bannedUntil = ctx.Body.Until });
            }),

            ["unban"] = Post("/users/:userId/unban").Use(AuthMiddleware.Auth).Guard(AuthGuards.RequireRole(UserRoles.Admin)).Handle(async ctx =>
            {
                var userId = UserIdOf(ctx);
                if (!await users.UnbanAsync(userId, ctx.RequestAborted).ConfigureAwait(false))
                {
                    throw UserNotFound();
                }

                ctx.Res.Json(new { id = userId, banned = false });
            }),

            ["roles"] = Put("/users/:userId/roles").Use(AuthMiddleware.Auth).Guard(AuthGuards.RequireRole(UserRoles.Admin)).Body<SetRolesRequest>().Handle(async ctx =>
            {
                var userId = UserIdOf(ctx);
                var roles = UserRoles.Validate(ctx.Body.Roles);
                if (!await users.SetRolesAsync(userId, roles, ctx.RequestAborted).ConfigureAwait(false))
                {
                    throw UserNotFound();
                }

                ctx.Res.Json(new { id = userId, roles });
            }),

            ["revokeSessions"] = Post("/users/:userId/revoke-sessions").Use(AuthMiddleware.Auth).Guard(AuthGuards.RequireRole(UserRoles.Admin)).Handle(async ctx =>
            {
                var revoked = await sessions.RevokeAllForUserAsync(new Reference<User>(UserIdOf(ctx)), cancellationToken: ctx.RequestAborted).ConfigureAwait(false);
                ctx.Res.Json(new { revoked });
            }),

            ["impersonate"] = Post("/users/:userId/impersonate").Use(AuthMiddleware.Auth).Guard(AuthGuards.RequireRole(UserRoles.Admin)).Handle(async ctx =>
            {
                var userId = UserIdOf(ctx);
                if (userId == ctx.User.Id)
                {
                    throw new JustScaleException("An admin cannot impersonate themselves", 400, "cannot_impersonate_self");
                }

                if (ctx.Session.ImpersonatedBy is not null)
                {
                    throw new JustScaleException("An impersonation session cannot impersonate", 403, "forbidden");
                }

                var user = await users.FindByIdAsync(userId, ctx.RequestAborted).ConfigureAwait(false) ?? throw UserNotFound();
                if (user.DisabledAt is not null)
                {
                    throw new JustScaleException("The user is banned or disabled", 409, "user_disabled");
                }

                var session = await sessions.ImpersonateAsync(user, ctx.User.Id, options.ImpersonationTtl, ctx.RequestAborted).ConfigureAwait(false);
                ctx.Res.Json(new { token = session.Token, userId = user.Id, impersonatedBy = ctx.User.Id, expiresAt = session.ExpiresAt });
            }),
        });

    private static object Describe(User user) => new
    {
        id = user.Id,
        email = user.Email,
        name = user.Name,
        roles = user.Roles ?? [],
        emailVerified = user.EmailVerifiedAt is not null,
        banned = user.DisabledAt is not null,
        banReason = user.BanReason,
        bannedUntil = user.BannedUntil,
        createdAt = user.CreatedAt,
        lastLoginAt = user.LastLoginAt,
    };

    private static int LimitOf(string text, int max) =>
        text.Length == 0 ? Math.Min(50, max)
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit >= 1 && limit <= max ? limit
        : throw new JustScaleException($"limit must be a number from 1 to {max}", 400, "invalid_limit");

    private static Guid UserIdOf(IRequestContext ctx) =>
        Guid.TryParse(ctx.Params["userId"], out var id) ? id : throw UserNotFound();

    private static JustScaleException UserNotFound() => new("User not found", 404, "user_not_found");
}
