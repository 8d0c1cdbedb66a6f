using System.Globalization;
using JustScale.Core;
using JustScale.Http;
using static JustScale.Http.Routes;

namespace JustScale.Auth;

/// <summary>The audit trail's routes: <c>GET /account/activity</c> (the signed-in user's own events) and <c>GET /admin/audit</c> (role admin).</summary>
internal static class AuditRoutes
{
    public static Controller Account(string prefix) => Controller.Create(prefix, (AuditLog log, AuditOptions options) => new RouteTable
    {
        ["activity"] = Get("/activity").Use(AuthMiddleware.Auth).Handle(async ctx =>
        {
            var query = new AuditQuery
            {
                UserId = ctx.User.Id, // only their own: no parameter names another user
                Type = TextOf(ctx, "type"),
                Limit = LimitOf(ctx, options),
                Cursor = TextOf(ctx, "cursor"),
            };
            Write(ctx, await log.ListAsync(query, ctx.RequestAborted).ConfigureAwait(false));
        }),
    });

    public static Controller Admin(string prefix) => Controller.Create(prefix, (AuditLog log, AuditOptions options) => new RouteTable
    {
        ["audit"] = Get("/audit").Use(AuthMiddleware.Auth).Guard(AuthGuards.RequireRole(UserRoles.Admin)).Handle(async ctx =>
        {
            var query = new AuditQuery
            {
                UserId = ctx.Query["userId"].ToString() is { Length: > 0 } user
                    ? Guid.TryParse(user, out var id) ? id : throw Invalid("userId must be a user id", "invalid_user_id")
                    : null,
                Type = TextOf(ctx, "type"),
                From = TimeOf(ctx, "from"),
                To = TimeOf(ctx, "to"),
                Limit = LimitOf(ctx, options),
                Cursor = TextOf(ctx, "cursor"),
            };
            Write(ctx, await log.ListAsync(query, ctx.RequestAborted).ConfigureAwait(false));
        }),
    });

    private static void Write(IRequestContext ctx, AuditPage page) => ctx.Res.Json(new
    {
        items = page.Items.Select(e => new
        {
            id = e.Id,
            type = e.Type,
            occurredAt = e.OccurredAt,
            userId = e.UserId,
            ipAddress = e.IpAddress,
            userAgent = e.UserAgent,
            actorId = e.ActorId,
            sessionId = e.SessionId,
            count = e.Count,
        }),
        nextCursor = page.NextCursor,
    });

    private static string? TextOf(IRequestContext ctx, string name) => ctx.Query[name].ToString() is { Length: > 0 } text ? text : null;

    private static int LimitOf(IRequestContext ctx, AuditOptions options) => TextOf(ctx, "limit") switch
    {
        null => Math.Min(50, options.MaxPageSize),
        var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit >= 1 && limit <= options.MaxPageSize => limit,
        _ => throw Invalid($"limit must be a number from 1 to {options.MaxPageSize}", "invalid_limit"),
    };

    private static DateTimeOffset? TimeOf(IRequestContext ctx, string name) => TextOf(ctx, name) switch
    {
        null => null,
        var text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) => value,
        _ => throw Invalid($"{name} must be an ISO 8601 time, such as 2026-12-06T16:00:00Z", $"invalid_{name}"),
    };

    private static JustScaleException Invalid(string message, string code) => new(message, 400, code);
}
