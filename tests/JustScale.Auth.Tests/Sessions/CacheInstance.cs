using System.Diagnostics;
using System.Net;
using JustScale.Core;
using JustScale.Http;
using JustScale.Postgres;
using static JustScale.Http.Routes;

namespace JustScale.Auth.Tests.Sessions;

/// <summary>One "instance" of an app: its own cluster on a shared PostgreSQL database, served by real Kestrel on a loopback port.</summary>
/// <remarks>Sessions and users publish their changes (triggers) and a <see cref="PgChangeFeed"/> listens, as the complete
/// example does on PostgreSQL. The table names are this fixture's own, so <see cref="QueryCounter"/> counts only its lookups.</remarks>
public sealed class CacheInstance : IAsyncDisposable
{
    public const string SessionTable = "cached_sessions";
    public const string UserTable = "cached_users";

    private CacheInstance(Core.Cluster cluster, HttpServer server)
    {
        Cluster = cluster;
        Server = server;
        Http = new HttpClient { BaseAddress = server.Url };
    }

    public Core.Cluster Cluster { get; }

    public HttpServer Server { get; }

    public HttpClient Http { get; }

    public SessionService Sessions => Cluster.Resolve<SessionService>();

    public UserService Users => Cluster.Resolve<UserService>();

    public IChangeFeed Feed => Cluster.Resolve<IChangeFeed>();

    private static Controller Me { get; } = Controller.Create("/", () => new Dictionary<string, RouteDefinition>
    {
        ["me"] = Get("/me").Use(AuthMiddleware.Auth).Handle(ctx => ctx.Res.Json(new { id = ctx.User.Id, verified = ctx.User.EmailVerifiedAt is not null })),
    });

    /// <summary>The feed these tests run with: a generous liveness window, so that a loaded machine delaying the feed's proofs
    /// (real time) never makes requests bypass the cache mid-count. Revocations still arrive by notification, and a connection
    /// that dies (terminated, closed) is noticed at once whatever the window; the window only bounds a silent one, which
    /// tests/JustScale.Postgres.Tests covers with the default.</summary>
    public static PgChangeFeedOptions Steady { get; } = new() { LivenessTimeout = TimeSpan.FromSeconds(30) };

    public static async Task<CacheInstance> StartAsync(
        string connectionString, Action<AuthOptions>? configure = null, PgChangeFeedOptions? feed = null, bool withFeed = true, TimeProvider? time = null)
    {
        var builder = new ClusterBuilder()
            .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = connectionString, EnsureSchemaOnStart = true }))
            .Add(PgRepository.Create(PgModel.Create<User>(new PgModelOptions { Table = UserTable, NotifyChanges = true })))
            .Add(PgRepository.Create(PgModel.Create<Session>(new PgModelOptions
            {
                Table = SessionTable,
                NotifyChanges = true,
                NotifyIgnoredFields = [nameof(Session.LastActiveAt)],
            })))
            .Add(new AuthFeature(options =>
            {
                options.Passwords.Cost = 1024; // fast hashes: these tests are about sessions
                configure?.Invoke(options);
            }))
            .Add(Me);
        if (time is not null)
        {
            builder.Provide(time);
        }

        if (withFeed)
        {
            builder.Add(new PgChangeFeed(feed ?? Steady));
        }

        var cluster = builder.Build();
        await cluster.CompileAsync();
        await cluster.StartAsync();
        var server = await HttpHost.Listen(cluster, new ListenOptions { Port = 0 });
        return new CacheInstance(cluster, server);
    }

    /// <summary>Sends GET /me with a Bearer token and returns the status.</summary>
    public async Task<HttpStatusCode> MeAsync(string token, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        using var response = await Http.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    /// <summary>Polls GET /me until it answers 401 and returns how long that took, or null after <paramref name="limit"/>.</summary>
    public async Task<TimeSpan?> TimeToRefusalAsync(string token, long since, TimeSpan limit)
    {
        while (Stopwatch.GetElapsedTime(since) < limit)
        {
            if (await MeAsync(token) == HttpStatusCode.Unauthorized)
            {
                return Stopwatch.GetElapsedTime(since);
            }
        }

        return null;
    }

    /// <summary>Waits until the feed is live (it reconnects after a lost connection).</summary>
    public async Task WaitLiveAsync(TimeSpan limit)
    {
        var start = Stopwatch.GetTimestamp();
        while (!Feed.IsLive && Stopwatch.GetElapsedTime(start) < limit)
        {
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
