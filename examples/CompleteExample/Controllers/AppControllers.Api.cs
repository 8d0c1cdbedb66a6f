using JustScale.Http;
using static JustScale.Auth.Tokens.ApiKeyMiddleware;
using static JustScale.Http.Routes;

namespace CompleteExample.Controllers;

/// <content>GET /api/profile: the profile for scripts and integrations, by API key (X-API-Key) with scope profile:read.</content>
public static partial class AppControllers
{
    /// <summary>Serves integrations by API key: keys are accepted here, and only here.</summary>
    public static Controller ApiController { get; } = Controller.Create("/api",
        () => new Dictionary<string, RouteDefinition>
        {
            ["profile"] = Get("/profile")
                .Use(ApiKey)                        // X-API-Key: jsk_...; 401 without a live key
                .Guard(RequireScope("profile:read")) // 403 for a key without the scope
                .Returns<ProfileResponse>()
                .Handle(ctx => ctx.Res.Json(new ProfileResponse(ctx.User.Id, ctx.User.Email, ctx.User.Name))),
        });
}
