using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.OpenApi;

/// <summary>Routes beside the typed ones for the OpenAPI tests: a date in a response, an anonymous route, a hidden route.</summary>
public static class OpenApiRoutes
{
    /// <summary>Gets the controller.</summary>
    public static readonly Controller Clock = Controller.Create("/clock", () => new()
    {
        ["now"] = Get("/")
            .Returns<ClockReading>()
            .Handle(ctx => ctx.Res.Json(new ClockReading(DateTimeOffset.UnixEpoch, null))),

        ["hidden"] = Get("/internal")
            .ExcludeFromDescription()
            .Handle(ctx => ctx.Res.NoContent()),
    });
}

/// <summary>An answer with a date, which the document describes as a date-time string.</summary>
/// <param name="At">When it was read.</param>
/// <param name="Until">When it stops being valid, if it does.</param>
public sealed record ClockReading(DateTimeOffset At, DateTimeOffset? Until);
