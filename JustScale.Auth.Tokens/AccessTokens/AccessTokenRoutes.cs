using JustScale.Http;
using Microsoft.IdentityModel.Tokens;
using static JustScale.Http.Routes;

namespace JustScale.Auth.Tokens;

/// <summary>Builds the access token routes: <c>POST /auth/token</c> (with a session) and <c>GET /.well-known/jwks.json</c>.</summary>
internal static class AccessTokenRoutes
{
    public static Controller Create(TokensOptions options) => Controller.Create(string.Empty,
        (AccessTokenService tokens, SigningKeyRing keys) => new RouteTable
        {
            ["token"] = Post(options.TokenPath).Use(AuthMiddleware.Auth).Returns<IssuedAccessToken>().Handle(async ctx =>
            {
                var issued = await tokens.IssueAsync(ctx.User, ctx.Session, ctx.RequestAborted).ConfigureAwait(false);
                ctx.Res.Header("Cache-Control", "no-store").Json(issued);
            }),

            ["jwks"] = Get(options.JwksPath).Returns<JsonWebKeySetResponse>().Handle(async ctx =>
            {
                var published = await keys.PublishedAsync(ctx.RequestAborted).ConfigureAwait(false);
                var set = new JsonWebKeySetResponse([.. published.Select(key =>
                {
                    var point = key.PublicKey.Split('.');
                    return new PublicJsonWebKey("EC", "P-256", point[0], point[1], key.KeyId, "sig", key.Algorithm);
                })]);

                // Short: a key made by rotation reaches verifiers within a minute (they also refetch on an unknown kid).
                ctx.Res.Header("Cache-Control", "public, max-age=60").Json(set);
            }),
        }).Named("AccessTokenRoutes");
}
