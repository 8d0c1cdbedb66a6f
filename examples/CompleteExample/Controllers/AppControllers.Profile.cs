using JustScale.Http;
using static JustScale.Auth.AuthMiddleware;
using static JustScale.Http.Routes;

namespace CompleteExample.Controllers;

/// <content>The docs' ProfileController.</content>
public static partial class AppControllers
{
    /// <summary>The docs' ProfileController: the authenticated user's profile.</summary>
    public static Controller ProfileController { get; } = Controller.Create("/profile",
        () => new Dictionary<string, RouteDefinition>
        {
            // Requires valid Authorization header
            ["me"] = Get("/")
                .Use(Auth) // Adds session + user to context
                .Returns<ProfileResponse>()
                .Handle(ctx =>
                {
                    ctx.Res.Json(new ProfileResponse(ctx.User.Id, ctx.User.Email, ctx.User.Name));
                }),
        });
}
