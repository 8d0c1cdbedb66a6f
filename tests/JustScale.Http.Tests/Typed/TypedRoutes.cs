using static JustScale.Http.Routes;
using static JustScale.Http.Tests.Docs.ApiKeys;

namespace JustScale.Http.Tests.Typed;

/// <summary>Routes with typed bodies, queries, parameters and declared responses, for the wire and OpenAPI tests.</summary>
public static class TypedRoutes
{
    /// <summary>Gets the controller.</summary>
    public static readonly Controller Items = Controller.Create("/items", () => new()
    {
        ["register"] = Post("/register")
            .Body<Registration>()
            .Returns<Registration>(201)
            .Handle(ctx => ctx.Res.Created($"/items/register/{ctx.Body.Email}", ctx.Body)),

        // The API key first (401 before 400), then the body: both contexts reach the handler.
        ["keyThenBody"] = Post("/key-then-body")
            .Use(RequireApiKey)
            .Guard(AllowClient("admin"))
            .Body<Registration>()
            .Handle(ctx => ctx.Res.Json(new { client = ctx.Inner.ClientName, email = ctx.Body.Email })),

        // The body first, then the API key: the body is still there, as ctx.Body and through Body<T>(); the key's context is Inner.
        ["bodyThenKey"] = Post("/body-then-key")
            .Body<Registration>()
            .Use(RequireApiKey)
            .Handle(ctx => ctx.Res.Json(new { client = ctx.Inner.ClientName, email = ctx.Body.Email, same = ReferenceEquals(ctx.Body, ctx.Body<Registration>()) })),

        ["list"] = Get("/")
            .Query<Page>()
            .Returns<Item[]>()
            .Handle(ctx => ctx.Res.Json(new { ctx.Query.Sort, ctx.Query.Limit, ctx.Query.Desc, ctx.Query.Search, ctx.Query.Ids })),

        ["get"] = Get("/:id")
            .Params<ItemRef>()
            .Returns<Item>()
            .Returns(404, "No such item.")
            .Handle(ctx => ctx.Res.Json(new Item(ctx.Params.Id, $"Item {ctx.Params.Id}"))),

        ["update"] = Put("/:id")
            .Use(SignedKeys.RequireKey)
            .Guard(ctx => ValueTask.FromResult(ctx.Key == "admin"))
            .Params<ItemRef>()
            .Body<Item>()
            .Returns<Item>()
            .Handle(ctx => ctx.Res.Json(ctx.Body with { Id = ctx.Params.Id })),

        ["remove"] = Delete("/:id")
            .RateLimit("items")
            .Returns(204)
            .Handle(ctx => ctx.Res.NoContent()),
    });
}
