using JustScale.Auth;
using JustScale.Auth.SignIn;
using JustScale.Auth.Tokens;
using JustScale.Core;
using JustScale.Http;
using JustScale.Permissions;
using CompleteExample.Projects;
using JustScale.Postgres;
using JustScale.Webhooks;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static CompleteExample.Controllers.AppControllers;
using static JustScale.Http.HttpHost;

namespace CompleteExample;

/// <summary>Composes the docs' complete example; Program.cs hosts it (ExampleHost), the docs' Listen style starts it here.</summary>
public static class ExampleApp
{
    /// <summary>Adds the docs' components to a cluster builder: the store, AuthFeature, the controllers and the error handler.</summary>
    public static ClusterBuilder Compose(ClusterBuilder builder, ExampleSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.UsePostgres)
        {
            // Create PostgreSQL models
            var PgOrganization = PgModel.Create<Organization>(new PgModelOptions { Table = "organizations" }); // docs/authorization.md
            var PgMembership = PgModel.Create<Membership>(new PgModelOptions { Table = "memberships" }).WithChangeNotifications(); // role changes and removals evict every instance's membership cache
            var PgInvitation = PgModel.Create<Invitation>(new PgModelOptions { Table = "invitations" });
            var PgProject = PgModel.Create<Project>(new PgModelOptions { Table = "projects" });
            var PgGrant = PgModel.Create<PermissionGrant>(new PgModelOptions { Table = "permission_grants" });
            var PgSignInCeremony = PgModel.Create<SignInCeremony>(new PgModelOptions { Table = "sign_in_ceremonies" });   // passkey challenges, OIDC states, one-time codes
            var PgPasskeyCredential = PgModel.Create<PasskeyCredential>(new PgModelOptions { Table = "passkey_credentials" });
            var PgExternalLogin = PgModel.Create<ExternalLogin>(new PgModelOptions { Table = "external_logins" });        // linked provider identities
            var PgSigningKey = PgModel.Create<SigningKey>(new PgModelOptions { Table = "signing_keys" });  // access tokens' keys, private halves encrypted
            var PgApiKey = PgModel.Create<UserApiKey>(new PgModelOptions { Table = "api_keys" });          // API keys: SHA-256 only
            var PgAuditEntry = PgModel.Create<AuditEntry>(new PgModelOptions { Table = "audit_events" });  // the audit trail (docs/operations.md)
            var PgWebhookDelivery = PgModel.Create<WebhookDelivery>(new PgModelOptions { Table = "webhook_deliveries" }); // the webhooks' outbox

            builder
                .Add(new PostgresClient(new PostgresClientOptions
                {
                    ConnectionString = settings.PostgresConnectionString, // null: ConnectionStrings:Postgres, POSTGRES_URL or DATABASE_URL
                    EnsureSchemaOnStart = true,                           // creates missing tables at startup
                }))
                .Add(new AuthRepositories(PgRepository.Factory)) // users, sessions, tokens, 2FA, keys: default tables; users and sessions NOTIFY every instance
                .Add(new PgChangeFeed()) // LISTENs (on ConnectionStrings:PostgresListen when set): the session cache answers from memory while it is live
                .Add(PgRepository.Create(PgOrganization))
                .Add(PgRepository.Create(PgMembership))
                .Add(PgRepository.Create(PgInvitation))
                .Add(PgRepository.Create(PgProject))
                .Add(PgRepository.Create(PgGrant))
                .Add(PgRepository.Create(PgSignInCeremony))
                .Add(PgRepository.Create(PgPasskeyCredential))
                .Add(PgRepository.Create(PgExternalLogin))
                .Add(PgRepository.Create(PgSigningKey))
                .Add(PgRepository.Create(PgApiKey))
                .Add(PgRepository.Create(PgAuditEntry))
                .Add(PgRepository.Create(PgWebhookDelivery)) // claimed across instances with FOR UPDATE SKIP LOCKED
                .Add(new PgRateLimitStore(settings.RateLimitSecret is { } secret // rate limit counters in PostgreSQL: every instance on this database shares them
                    ? new PgRateLimitStoreOptions().WithSecret(secret)        // keys stored as HMACs under JustScale:RateLimits:Secret (base64, 32+ bytes)
                    : new PgRateLimitStoreOptions()));                        // none configured: a secret generated once and kept in the database
        }
        else
        {
            builder
                .Add(new AuthRepositories(InMemoryRepository.Factory)) // users, sessions, tokens, 2FA
                .Add(InMemoryRepository.For<Organization>())
                .Add(InMemoryRepository.For<Membership>())
                .Add(InMemoryRepository.For<Invitation>())
                .Add(InMemoryRepository.For<Project>())
                .Add(InMemoryRepository.For<PermissionGrant>())
                .Add(InMemoryRepository.For<SignInCeremony>())
                .Add(InMemoryRepository.For<PasskeyCredential>())
                .Add(InMemoryRepository.For<ExternalLogin>())
                .Add(InMemoryRepository.For<SigningKey>())
                .Add(InMemoryRepository.For<UserApiKey>())
                .Add(InMemoryRepository.For<AuditEntry>())
                .Add(InMemoryRepository.For<WebhookDelivery>());
        }

        if (settings.IdleMemoryTrim)
        {
            builder.Add(new IdleMemoryTrimmer()); // one compacting collection when the process goes idle after load: RSS back near its idle size
        }

        // Authorization (docs/authorization.md): the first admins are JustScale:Auth:Admins (emails)
        builder
            .Add(new PermissionsFeature().For<Project>().WithGrants()) // rules on the models, guards and queries from them
            .Add(new OrganizationsFeature())                            // /orgs: organizations, members, invitations by mail
            .Add(new AdminFeature())                                    // /admin/users: search, ban, roles, impersonate (role admin)
            .Add(ProjectsController);                                   // /orgs/:orgId/projects and /projects
        // Beyond the docs' page: access tokens and API keys (docs/tokens.md), the host's scheme, GET /events (docs/realtime.md)
        builder
            .Add(new TokensFeature(tokens => tokens.KeysDirectory = settings.UsePostgres ? null : settings.DataProtectionKeysFolder)) // POST /auth/token, JWKS, /account/api-keys, the "JustScale" scheme
            .ConfigureServices(services => services
                .AddSingleton<AuthEventStreams>()
                .AddSingleton<IAuthEventObserver>(provider => provider.GetRequiredService<AuthEventStreams>())) // GET /events
            .Add(ApiController)     // GET /api/profile by API key
            .Add(EventsController); // GET /events, server-sent events

        // Operations (docs/operations.md): the audit trail and webhooks, both written in the transaction of each auth change
        builder
            .Add(new AuditFeature())     // every auth event stored with its change; GET /account/activity, GET /admin/audit (JustScale:Audit)
            .Add(new WebhooksFeature()); // JustScale:Webhooks:Endpoints:N:Url|Secret|Events: signed, at least once, from an outbox

        // Compose the cluster
        return builder
            .Add(new AuthFeature(options =>
            {
                if (settings.Auth is not null)
                {
                    options.Bind(settings.Auth); // the JustScale:Auth section of appsettings.json, environment, command line
                }

                options.SweepInterval = settings.SweepInterval ?? options.SweepInterval;
                options.Passwords.MaxQueueWait = settings.PasswordQueueWait ?? options.Passwords.MaxQueueWait;
                options.RateLimits = settings.RateLimits ?? options.RateLimits;                                  // login/register limits per IP and per email
                options.Cookie = settings.SessionCookies ? CookieFor(settings, options.Cookie) : options.Cookie; // opt-in httpOnly cookie sessions
            })) // Provides UserService, SessionService, PasswordService
            .Add(new AuthEndpointsFeature(account =>
            {
                account.Prefix = "/account";                // me, email verification, password forgot/reset/change, sessions
                account.PublicUrl = settings.PublicUrl;      // where the mailed links point
                account.EmailSender = settings.MailOutbox is { } outbox
                    ? new OutboxEmailSender(outbox)          // one .eml file per mail (Mail:Outbox, MAIL_OUTBOX)
                    : null;                                  // null: log that a mail would have gone
                account.TwoFactor = new TwoFactorOptions     // TOTP and recovery codes at /account/2fa; every login asks for a code
                {
                    Issuer = "CompleteExample",
                    KeysDirectory = settings.UsePostgres ? null : settings.DataProtectionKeysFolder, // keys: PostgreSQL, else a folder
                    KeyEncryptionKey = settings.SecretsEncryptionKey, // encrypts the key ring at rest (JustScale:Secrets:EncryptionKey)
                    // Without one: a generated key in a file outside the database, except in Production, where the start fails.
                    DevelopmentKeyFile = settings.SecretsEncryptionKey is null && !settings.IsProduction ? settings.DevelopmentKeyFile : null,
                };
                foreach (var previous in settings.PreviousSecretsEncryptionKeys)
                {
                    account.TwoFactor.PreviousKeyEncryptionKeys.Add(previous);
                }
            }))
            .Add(new SignInFeature(ExampleSignIn.From(settings.Auth, settings.PublicUrl, settings.RateLimits is { LoginPerIp: null, LoginPerEmail: null }))) // magic links, passkeys, OpenID Connect providers (docs/signin.md)
            .Add(SignInPageController)                                                   // the sign-in page at / (plain HTML and JavaScript)
            .Add(AuthController)
            .Add(ProfileController)
            .Add(GuardedController)
            .Use(ErrorHandler.Handle);
    }

    /// <summary>Builds, compiles and starts the cluster, then listens (the docs' <c>listen(cluster, { port: 3000 })</c>); the caller stops the server, then disposes the cluster.</summary>
    public static async Task<(Cluster Cluster, HttpServer Server)> StartAsync(ExampleSettings settings, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var cluster = Compose(new ClusterBuilder().ConfigureLogging(builder => logging?.Invoke(builder)), settings).Build();
        try
        {
            await cluster.CompileAsync();
            await cluster.StartAsync();
            var server = await Listen(cluster, new ListenOptions { Port = settings.Port ?? 3000, Cors = CorsPolicyFor(settings) });
            return (cluster, server);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Returns the CORS policy of the configured origins (credentials allowed with cookie sessions), or null when none is configured.</summary>
    public static CorsPolicy? CorsPolicyFor(ExampleSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.CorsOrigins.Count == 0)
        {
            return null;
        }

        var policy = new CorsPolicyBuilder([.. settings.CorsOrigins]).AllowAnyHeader().AllowAnyMethod();
        return (settings.SessionCookies ? policy.AllowCredentials() : policy).Build();
    }

    // An origin allowed to send the cookie through CORS is trusted by the cross-site check too.
    private static SessionCookieOptions CookieFor(ExampleSettings settings, SessionCookieOptions? configured)
    {
        var cookie = configured ?? new SessionCookieOptions();
        cookie.TrustedOrigins = [.. cookie.TrustedOrigins.Union(settings.CorsOrigins, StringComparer.OrdinalIgnoreCase)];
        return cookie;
    }
}
