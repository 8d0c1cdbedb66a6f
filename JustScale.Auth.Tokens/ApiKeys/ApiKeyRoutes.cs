using JustScale.Core;
using JustScale.Http;
using static JustScale.Http.Routes;

namespace JustScale.Auth.Tokens;

/// <summary>Builds the API key routes, all with a session (<c>.Use(Auth)</c>, never a key): create, list, revoke.</summary>
internal static class ApiKeyRoutes
{
    public static Controller Create(TokensOptions options) => Controller.Create(options.ApiKeysPath,
        (ApiKeyService keys) => new RouteTable
        {
            ["create"] = Post("/").MaxBodySize(8 * 1024).Use(AuthMiddleware.Auth).Body<CreateApiKeyRequest>().Returns<CreatedApiKey>(201).Handle(async ctx =>
            {
                var body = ctx.Body;
                if (body.ExpiresIn is { } seconds && (seconds < 60 || seconds > 10L * 365 * 24 * 3600))
                {
                    throw new JustScaleException("expiresIn must be between 60 seconds and 10 years", 400, "invalid_expiry");
                }

                var created = await keys.CreateAsync(ctx.User, body.Name, [.. body.Scopes],
                    body.ExpiresIn is { } s ? TimeSpan.FromSeconds(s) : null, ctx.RequestAborted).ConfigureAwait(false);
                ctx.Res.Header("Cache-Control", "no-store").Created($"{options.ApiKeysPath}/{created.Id}", created);
            }),

            // Not declared with .Returns<ApiKeyList>(): the OpenAPI exporter has no schema yet for the UTC timestamp converter.
            ["list"] = Get("/").Use(AuthMiddleware.Auth).Handle(async ctx =>
            {
                var list = await keys.ListAsync(ctx.User, ctx.RequestAborted).ConfigureAwait(false);
                ctx.Res.Json(new ApiKeyList([.. list.Select(k => new ApiKeySummary(k.Id, k.Name, k.Hint, k.ScopeList(), k.CreatedAt, k.ExpiresAt, k.LastUsedAt))]));
            }),

            ["revoke"] = Delete("/:id").Use(AuthMiddleware.Auth).Returns<RevokedApiKey>().Returns(404, "No such key of yours").Handle(async ctx =>
            {
                if (!Guid.TryParse(ctx.Params["id"], out var id) || !await keys.RevokeAsync(ctx.User, id, ctx.RequestAborted).ConfigureAwait(false))
                {
                    throw new JustScaleException("API key not found", 404, "api_key_not_found"); // another user's key is unknown here
                }

                ctx.Res.Json(new RevokedApiKey(1));
            }),
        }).Named("ApiKeyRoutes");
}
