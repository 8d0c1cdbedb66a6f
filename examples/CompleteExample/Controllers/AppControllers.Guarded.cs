using JustScale.Auth;
using JustScale.Http;
using static JustScale.Auth.AuthGuards;
using static JustScale.Auth.AuthMiddleware;
using static JustScale.Http.Routes;

namespace CompleteExample.Controllers;

/// <content>A route for every other snippet of the docs page: optional auth and the three guards.</content>
public static partial class AppControllers
{
    /// <summary>The docs' optionalAuth and guard snippets as routes.</summary>
    public static Controller GuardedController { get; } = Controller.Create("/",
        () => new Dictionary<string, RouteDefinition>
        {
            // Works with or without authentication
            ["feed"] = Get("/feed")
                .Use(OptionalAuth) // session/user may be null
                .Handle(ctx =>
                {
                    if (ctx.User is not null)
                    {
                        // Personalized feed for logged-in users
                        ctx.Res.Json(new { feed = Feeds.Personalized(ctx.User.Id) });
                    }
                    else
                    {
                        // Generic feed for anonymous users
                        ctx.Res.Json(new { feed = Feeds.Public() });
                    }
                }),

            // Require authenticated user
            ["adminPanel"] = Get("/admin")
                .Use(Auth)
                .Guard(RequireAuth)
                .Handle(ctx => ctx.Res.Json(new { admin = true, user = ctx.User.Email })),

            // Require verified email
            ["sendMessage"] = Post("/messages")
                .Use(Auth)
                .Guard(RequireVerifiedEmail)
                .Body<MessageRequest>()
                .Returns<MessageResponse>(201)
                .Handle(ctx =>
                {
                    var message = ctx.Body;
                    ctx.Res.Status(201).Json(new MessageResponse(true, ctx.User.Id, message.Text));
                }),

            // Require user owns the resource (params.userId == user.id)
            ["updateProfile"] = Patch("/users/:userId")
                .Use(Auth)
                .Guard(RequireSelf("userId"))
                .Body<ProfileUpdate>() // read after Auth: an anonymous body is never buffered
                .Returns<UpdatedResponse>()
                .Handle(ctx =>
                {
                    // User can only update their own profile
                    ctx.Res.Json(new UpdatedResponse(true));
                }),
        });
}
