using JustScale.Core;
using JustScale.Http;
using JustScale.Postgres;
using Microsoft.Extensions.DependencyInjection;
using static JustScale.Http.Routes;

namespace JustScale.Auth.Tests.Endpoints.Account;

/// <summary>AuthEndpointsFeature on a <see cref="TestApp"/> (real Kestrel, either store): the account routes at /account, the sign-in
/// routes at /auth, two-factor login, mail written to a fresh outbox folder, rate limits off unless asked, and a GET /profile behind Auth.</summary>
public sealed class AccountApp : IAsyncDisposable
{
    /// <summary>Gets the issuer the otpauth URIs name.</summary>
    public const string Issuer = "AccountTests";

    private readonly TestApp _app;
    private readonly DirectoryInfo _files;

    private AccountApp(TestApp app, DirectoryInfo files)
    {
        _app = app;
        _files = files;
        Outbox = new Outbox(Path.Combine(files.FullName, "outbox"));
    }

    /// <summary>Gets the base address.</summary>
    public Uri Url => _app.Url;

    /// <summary>Gets the mails the app wrote.</summary>
    public Outbox Outbox { get; }

    /// <summary>Gets the host's services (the cluster's among them).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the app on "InMemory" or "Postgres" (a fresh database); <paramref name="configure"/> may add settings, services, a clock or loggers.</summary>
    /// <remarks>With <paramref name="rateLimits"/> the default limits stay on (shared in PostgreSQL on that store), as in production;
    /// <paramref name="sessionCookies"/> puts sessions in the HttpOnly cookie. <c>JustScale:Secrets:EncryptionKey</c> (base64) encrypts the
    /// two-factor key ring; without it a generated key file outside the database serves, as in development.</remarks>
    public static async Task<AccountApp> StartAsync(string store, Action<TestAppOptions>? configure = null, bool rateLimits = false, bool sessionCookies = false)
    {
        Assert.That(store, Is.AnyOf("InMemory", "Postgres"));
        var files = Directory.CreateTempSubdirectory("justscale-account-");
        byte[]? encryptionKey = null;
        try
        {
            var app = await TestApp.StartAsync((cluster, repositories) =>
            {
                cluster.Add(new AuthRepositories(repositories)).Add(new AuthFeature(options =>
                {
                    options.RateLimits = rateLimits ? options.RateLimits : AuthRateLimitOptions.Off();
                    options.Cookie = sessionCookies ? new SessionCookieOptions() : options.Cookie;
                }));
                if (rateLimits && store == "Postgres")
                {
                    cluster.Add(new PgRateLimitStore());
                }

                cluster.Add(new AuthEndpointsFeature(account =>
                {
                    account.SignInPrefix = "/auth";
                    account.EmailSender = new OutboxEmailSender(Path.Combine(files.FullName, "outbox"));
                    account.TwoFactor = new TwoFactorOptions
                    {
                        Issuer = Issuer,
                        KeysDirectory = store == "Postgres" ? null : files.CreateSubdirectory("keys"),
                        KeyEncryptionKey = encryptionKey,
                        DevelopmentKeyFile = encryptionKey is null ? new FileInfo(Path.Combine(files.FullName, "development.key")) : null,
                    };
                }))
                .Add(Controller.Create("/profile", () => new RouteTable
                {
                    ["me"] = Get("/").Use(AuthMiddleware.Auth).Handle(ctx => ctx.Res.Json(new { id = ctx.User.Id, email = ctx.User.Email, name = ctx.User.Name })),
                }));
            }, options =>
            {
                options.Store = store == "Postgres" ? TestStore.Postgres : TestStore.InMemory;
                configure?.Invoke(options);
                encryptionKey = options.Settings.TryGetValue("JustScale:Secrets:EncryptionKey", out var key) && key is not null ? Convert.FromBase64String(key) : null;
            });
            return new AccountApp(app, files);
        }
        catch
        {
            files.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Resolves a service from the host.</summary>
    public T Resolve<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Stops the app, drops its database and deletes its outbox and keys.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _files.Delete(recursive: true);
    }
}
