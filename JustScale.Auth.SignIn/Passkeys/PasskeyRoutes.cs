using JustScale.Core;
using JustScale.Http;
using static JustScale.Http.Routes;

namespace JustScale.Auth.SignIn;

/// <summary>Builds the passkey routes: manage them signed in (<c>/account/passkeys</c>), sign in and sign up with them (<c>/auth/passkey</c>).</summary>
internal static class PasskeyRoutes
{
    private const int CredentialBody = 64 * 1024; // an attestation with a certificate chain fits many times over

    public static Controller CreateAccount(PasskeyOptions options) => Controller.Create(options.AccountPrefix, (PasskeyService passkeys) => new RouteTable
    {
        ["passkeyOptions"] = Post("/passkeys/options").RateLimit(SignInRateLimits.SignIn).Use(AuthMiddleware.Auth).Handle(async ctx =>
        {
            var (ceremonyId, creation) = await passkeys.BeginRegistrationAsync(ctx.User, ctx.RequestAborted).ConfigureAwait(false);
            ctx.Res.Header("Cache-Control", "no-store").Json(new { ceremonyId, options = creation });
        }),

        ["passkeyAdd"] = Post("/passkeys").MaxBodySize(CredentialBody).RateLimit(SignInRateLimits.SignIn).Use(AuthMiddleware.Auth).Body<PasskeyFinishRequest>().Handle(async ctx =>
        {
            var body = ctx.Body;
            var added = await passkeys.FinishRegistrationAsync(ctx.User, body.CeremonyId, body.Credential, body.Name, ctx.RequestAborted).ConfigureAwait(false)
                ?? throw InvalidCeremony();
            ctx.Res.Status(201).Json(Describe(added));
        }),

        ["passkeyList"] = Get("/passkeys").Use(AuthMiddleware.Auth).Handle(async ctx =>
        {
            var list = await passkeys.ListAsync(ctx.User, ctx.RequestAborted).ConfigureAwait(false);
            ctx.Res.Json(new { passkeys = list.Select(Describe) });
        }),

        ["passkeyRename"] = Patch("/passkeys/:id").MaxBodySize(8 * 1024).Use(AuthMiddleware.Auth).Body<PasskeyRenameRequest>().Handle(async ctx =>
        {
            var name = ctx.Body.Name.Trim();
            if (name.Length is 0 or > 100 || name.Any(char.IsControl))
            {
                throw new JustScaleException("name must be 1 to 100 characters without control characters", 400, "invalid_name");
            }

            if (!await passkeys.RenameAsync(ctx.User, ctx.Params["id"] ?? "", name, ctx.RequestAborted).ConfigureAwait(false))
            {
                throw NotFound();
            }

            ctx.Res.Json(new { id = ctx.Params["id"], name });
        }),

        ["passkeyDelete"] = Delete("/passkeys/:id").Use(AuthMiddleware.Auth).Handle(async ctx =>
        {
            if (!await passkeys.DeleteAsync(ctx.User, ctx.Params["id"] ?? "", ctx.RequestAborted).ConfigureAwait(false))
            {
                throw NotFound();
            }

            ctx.Res.Json(new { deleted = 1 });
        }),
    });

    public static Controller CreateSignIn(PasskeyOptions options) => Controller.Create(options.AuthPrefix, (PasskeyService passkeys, SessionService sessions) =>
    {
        var routes = new RouteTable
        {
            ["passkeySignInOptions"] = Post("/passkey/options").RateLimit(SignInRateLimits.SignIn).Handle(async ctx =>
            {
                var (ceremonyId, request) = await passkeys.BeginSignInAsync(ctx.RequestAborted).ConfigureAwait(false);
                ctx.Res.Header("Cache-Control", "no-store").Json(new { ceremonyId, options = request });
            }),

            ["passkeySignIn"] = Post("/passkey").MaxBodySize(CredentialBody).RateLimit(SignInRateLimits.SignIn).Body<PasskeyFinishRequest>().Handle(async ctx =>
            {
                var body = ctx.Body;
                var user = await passkeys.FinishSignInAsync(body.CeremonyId, body.Credential, ctx.RequestAborted).ConfigureAwait(false)
                    ?? throw InvalidCeremony();
                await SignInResponses.SignInAsync(ctx, sessions, user).ConfigureAwait(false);
            }),
        };
        if (options.AllowSignUp)
        {
            routes["passkeySignUpOptions"] = Post("/passkey/register/options").MaxBodySize(8 * 1024).RateLimit(AuthRateLimits.Register).Body<PasskeySignUpRequest>().Handle(async ctx =>
            {
                var (ceremonyId, creation) = await passkeys.BeginSignUpAsync(ctx.Body.Email, ctx.Body.Name, ctx.RequestAborted).ConfigureAwait(false);
                ctx.Res.Header("Cache-Control", "no-store").Json(new { ceremonyId, options = creation });
            });

            routes["passkeySignUp"] = Post("/passkey/register").MaxBodySize(CredentialBody).RateLimit(SignInRateLimits.SignIn).Body<PasskeyFinishRequest>().Handle(async ctx =>
            {
                var body = ctx.Body;
                User user;
                try
                {
                    user = await passkeys.FinishSignUpAsync(body.CeremonyId, body.Credential, body.Name, ctx.RequestAborted).ConfigureAwait(false) ?? throw InvalidCeremony();
                }
                catch (UserExistsException)
                {
                    throw new JustScaleException("Email already registered", 409, "user_exists");
                }

                await SignInResponses.SignInAsync(ctx, sessions, user).ConfigureAwait(false);
            });
        }

        return routes;
    });

    private static object Describe(PasskeyCredential c) => new
    {
        id = c.CredentialId,
        credentialId = c.CredentialId, // the same value under its WebAuthn name, for clients that look for it
        name = c.Name,
        createdAt = c.CreatedAt,
        lastUsedAt = c.LastUsedAt,
        backupEligible = c.BackupEligible,
        backedUp = c.BackedUp,
    };

    private static JustScaleException InvalidCeremony() => new("Unknown, used or expired ceremony", 400, "invalid_ceremony");

    private static JustScaleException NotFound() => new("Passkey not found", 404, "passkey_not_found");
}
