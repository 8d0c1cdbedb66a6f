using JustScale.Auth;
using JustScale.Core;
using JustScale.Http;
using JustScale.Postgres;
using Microsoft.Extensions.Logging;
using static CompleteExample.Controllers.AppControllers;
using static JustScale.Http.HttpHost;

namespace CompleteExample;

/// <summary>Composes and starts the docs' complete example; Program.cs runs it, the example tests boot it in-process.</summary>
public static class ExampleApp
{
    /// <summary>Builds, compiles and starts the cluster, then listens; the caller stops the server, then disposes the cluster.</summary>
    public static async Task<(Cluster Cluster, HttpServer Server)> StartAsync(ExampleSettings settings, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = new ClusterBuilder().ConfigureLogging(builder => logging?.Invoke(builder));
        if (settings.UsePostgres)
        {
            // Create PostgreSQL models
            var PgUser = PgModel.Create<User>(new PgModelOptions { Table = "users" });
            var PgSession = PgModel.Create<Session>(new PgModelOptions { Table = "sessions" });

            builder
                .Add(new PostgresClient(new PostgresClientOptions
                {
                    ConnectionString = settings.PostgresConnectionString, // null: ConnectionStrings__Postgres, POSTGRES_URL or DATABASE_URL
                    EnsureSchemaOnStart = true,                           // creates missing tables at startup
                }))
                .Add(PgRepository.Create(PgUser))
                .Add(PgRepository.Create(PgSession))
                .Add(new PgRateLimitStore()); // rate limit counters in PostgreSQL: every instance on this database shares them
        }
        else
        {
            builder
                .Add(InMemoryRepository.For<User>())
                .Add(InMemoryRepository.For<Session>());
        }

        // Build the cluster
        var cluster = builder
            .Add(new AuthFeature(options =>
            {
                options.SweepInterval = settings.SweepInterval;
                options.Passwords.MaxQueueWait = settings.PasswordQueueWait ?? options.Passwords.MaxQueueWait;
                options.RateLimits = settings.RateLimits ?? options.RateLimits;                // login/register limits per IP and per email
                options.Cookie = settings.SessionCookies ? new SessionCookieOptions() : null; // opt-in httpOnly cookie sessions
            })) // Provides UserService, SessionService, PasswordService
            .Add(AuthController)
            .Add(ProfileController)
            .Add(GuardedController)
            .Use(ErrorHandler.Handle)
            .Build();

        try
        {
            await cluster.CompileAsync();
            await cluster.StartAsync();
            var server = await Listen(cluster, new ListenOptions { Port = settings.Port });
            return (cluster, server);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }
}
