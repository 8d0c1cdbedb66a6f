using System.Globalization;
using Npgsql;
using NUnit.Framework;

namespace JustScale.Testing;

/// <summary>Finds or starts one PostgreSQL server per test process and hands out a fresh database per fixture.</summary>
/// <remarks>
/// Discovery order: the connection string in <c>JUSTSCALE_TEST_DB</c>, used as is; a Docker engine (Testcontainers);
/// the local binaries (initdb and pg_ctl on PATH or under /usr/lib/postgresql/*/bin, highest version), run as a
/// throwaway cluster. Each test assembly calls <see cref="ShutdownAsync"/> through a [SetUpFixture] derived from <see cref="PostgresSetUpFixture"/>.
/// </remarks>
public static class TestPostgres
{
    /// <summary>Names the environment variable holding a connection string to an existing server.</summary>
    public const string EnvironmentVariable = "JUSTSCALE_TEST_DB";

    private static readonly Lock Sync = new();
    private static Task<SharedServer>? _server;
    private static int _databases;

    static TestPostgres() => AppDomain.CurrentDomain.ProcessExit += (_, _) => StopContainerBlocking();

    /// <summary>Returns a superuser connection string to the shared server, finding or starting it on first use.</summary>
    /// <exception cref="InvalidOperationException">No server could be found or started; the message says how to provide one.</exception>
    /// <param name="cancellationToken">Stops waiting for the server (its start goes on for the next caller).</param>
    public static async Task<string> GetServerConnectionStringAsync(CancellationToken cancellationToken = default) =>
        (await ServerAsync().WaitAsync(cancellationToken)).ConnectionString;

    /// <summary>Creates a database with a unique name on the shared server.</summary>
    /// <param name="prefix">An optional readable prefix (letters, digits, underscores), such as the fixture's name.</param>
    /// <param name="cancellationToken">Stops waiting for the server or the CREATE DATABASE.</param>
    public static async Task<TestDatabase> CreateDatabaseAsync(string? prefix = null, CancellationToken cancellationToken = default)
    {
        var server = await ServerAsync().WaitAsync(cancellationToken);
        var name = DatabaseName(prefix);
        await ExecuteOnServerAsync(server.ConnectionString, $"CREATE DATABASE \"{name}\"", cancellationToken);
        return new TestDatabase(server.ConnectionString, name);
    }

    /// <summary>Stops whatever this process started (the shared server, a container, dedicated servers); safe to call twice.</summary>
    public static async Task ShutdownAsync()
    {
        var server = Interlocked.Exchange(ref _server, null);
        if (server is { IsCompletedSuccessfully: true } && server.Result.Stop is { } stop)
        {
            await stop();
        }

        await PostgresServer.DisposeAllAsync();
    }

    /// <summary>Runs one statement on the server's maintenance database, retrying briefly when the template is busy.</summary>
    internal static async Task ExecuteOnServerAsync(string serverConnectionString, string sql, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(serverConnectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 10)
            {
                await Task.Delay(100 * attempt, cancellationToken);
            }
        }
    }

    private static Task<SharedServer> ServerAsync()
    {
        lock (Sync)
        {
            return _server ??= Task.Run(DiscoverAsync);
        }
    }

    private static async Task<SharedServer> DiscoverAsync()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } given)
        {
            Report($"{EnvironmentVariable} ({Describe(given)})");
            return new SharedServer(given, null);
        }

        if (await DockerPostgres.IsAvailableAsync())
        {
            try
            {
                var (connectionString, stop) = await DockerPostgres.StartAsync();
                Report($"a Docker container ({Describe(connectionString)})");
                return new SharedServer(connectionString, stop) { IsContainer = true };
            }
            catch (Exception ex) when (LocalPostgres.BinDirectory is not null)
            {
                // Docker answers but cannot run the image (no registry access, for example): use the local binaries.
                Report($"not Docker ({ex.GetType().Name}: {ex.Message}); trying local binaries");
            }
        }

        if (LocalPostgres.BinDirectory is not null)
        {
            var server = await PostgresServer.StartLocalAsync();
            Report($"a throwaway cluster from {LocalPostgres.BinDirectory} ({Describe(server.ConnectionString)}, {server.RootDirectory})");
            return new SharedServer(server.ConnectionString, () => server.DisposeAsync());
        }

        throw new InvalidOperationException(
            "The tests need PostgreSQL and found none. Provide one of:\n" +
            $"  - an existing server: export {EnvironmentVariable}=\"Host=127.0.0.1;Port=5432;Username=postgres;Password=...;Database=postgres\" (the user must be allowed to CREATE DATABASE)\n" +
            "  - a Docker engine: start Docker (the tests run postgres:16-alpine through Testcontainers)\n" +
            "  - local binaries: apt-get install postgresql (the tests run initdb and pg_ctl themselves; nothing needs to be running)");
    }

    private static string DatabaseName(string? prefix)
    {
        var clean = string.Concat((prefix ?? "test").ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').Take(24));
        var number = Interlocked.Increment(ref _databases);
        var unique = Guid.NewGuid().ToString("N")[..6];
        return string.Create(CultureInfo.InvariantCulture, $"js_{clean}_{Environment.ProcessId}_{number}_{unique}");
    }

    private static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    private static void Report(string source) =>
        TestContext.Progress.WriteLine($"JustScale.Testing: PostgreSQL for tests is {source}.");

    private static void StopContainerBlocking()
    {
        if (Volatile.Read(ref _server) is { IsCompletedSuccessfully: true } server && server.Result.Stop is { } stop && server.Result.IsContainer)
        {
            // Testcontainers' reaper removes the container anyway; try to be quick about it.
            stop().AsTask().Wait(TimeSpan.FromSeconds(10));
        }
    }

    private sealed record SharedServer(string ConnectionString, Func<ValueTask>? Stop)
    {
        public bool IsContainer { get; init; }
    }
}
