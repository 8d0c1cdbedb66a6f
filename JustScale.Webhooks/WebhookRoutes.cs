using System.Globalization;
using JustScale.Auth;
using JustScale.Core;
using JustScale.Http;
using static JustScale.Http.Routes;

namespace JustScale.Webhooks;

/// <summary>The admin routes: <c>GET {prefix}/webhooks/deliveries?status=dead</c> and <c>POST {prefix}/webhooks/deliveries/:id/redeliver</c> (role admin).</summary>
internal static class WebhookRoutes
{
    private const int MaxLimit = 100;

    public static Controller Admin(string prefix) => Controller.Create(prefix, (WebhookDeliveries deliveries) => new RouteTable
    {
        ["webhookDeliveries"] = Get("/webhooks/deliveries").Use(AuthMiddleware.Auth).Guard(AuthGuards.RequireRole(UserRoles.Admin)).Handle(async ctx =>
        {
            var status = ctx.Query["status"].ToString() is { Length: > 0 } s ? s : WebhookStatus.Dead;
            if (status is not (WebhookStatus.Dead or WebhookStatus.Pending or WebhookStatus.Delivered))
            {
                throw new JustScaleException("status must be dead, pending or delivered", 400, "invalid_status");
            }

            var text = ctx.Query["limit"].ToString();
            var limit = text.Length == 0 ? 50
                : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l is >= 1 and <= MaxLimit ? l
                : throw new JustScaleException($"limit must be a number from 1 to {MaxLimit}", 400, "invalid_limit");
            var page = await deliveries.ListAsync(status, limit, ctx.RequestAborted).ConfigureAwait(false);
            ctx.Res.Json(new
            {
                items = page.Select(d => new
                {
                    id = d.Id,
                    messageId = d.MessageId,
                    url = d.Url,
                    type = d.Type,
                    status = d.Status,
                    attempts = d.Attempts,
                    nextAttemptAt = d.NextAttemptAt,
                    lastError = d.LastError,
                    deliveredAt = d.DeliveredAt,
                    createdAt = d.CreatedAt,
                }),
            });
        }),

        ["webhookRedeliver"] = Post("/webhooks/deliveries/:deliveryId/redeliver").MaxBodySize(0).Use(AuthMiddleware.Auth).Guard(AuthGuards.RequireRole(UserRoles.Admin)).Handle(async ctx =>
        {
            if (!Guid.TryParse(ctx.Params["deliveryId"], out var id) || !await deliveries.RedeliverAsync(id, ctx.RequestAborted).ConfigureAwait(false))
            {
                throw new JustScaleException("Delivery not found (or already pending)", 404, "delivery_not_found");
            }

            ctx.Res.Json(new { id, status = WebhookStatus.Pending });
        }),
    });
}
