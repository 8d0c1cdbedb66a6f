using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;
using NUnit.Framework;

namespace JustScale.Testing;

/// <summary>Runs a throwaway PostgreSQL cluster from the local binaries, in its own temp folder, on a free loopback port.</summary>
/// <remarks>
/// For fault tests that stop and start their own server; <see cref="TestPostgres"/> uses it for the shared server too.
/// Built for speed, not durability (fsync, synchronous_commit and full_page_writes are off); trust authentication on
/// 127.0.0.1 only, no Unix socket. Disposing it stops the server and deletes the folder; a watchdog and a reaper
/// remove it too when the test process dies first.
/// </remarks>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<PostgresServer, byte> Live = new();
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(90);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _running;
    private bool _disposed;

    static PostgresServer() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAllBlocking();

    private PostgresServer(string root, int port)
    {
        RootDirectory = root;
        Port = port;
    }

    /// <summary>Gets the connection string of the <c>postgres</c> database as the <c>postgres</c> superuser.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = "postgres",
        Timeout = 5,
    }.ConnectionString;

    /// <summary>Gets the TCP port the server listens on (the same after a restart).</summary>
    public int Port { get; private set; }

    /// <summary>Gets the temp folder holding the data directory and the server log.</summary>
    public string RootDirectory { get; }

    private string DataDirectory => Path.Combine(RootDirectory, "data");

    private string LogFile => Path.Combine(RootDirectory, "server.log");

    /// <summary>Creates a cluster with the local initdb and starts it; waits until it accepts connections.</summary>
    /// <remarks>Without local binaries it fails with instructions under CI, and marks the test ignored elsewhere.</remarks>
    public static async Task<PostgresServer> StartLocalAsync(CancellationToken cancellationToken = default)
    {
        if (LocalPostgres.BinDirectory is null)
        {
            const string message = "This test needs local PostgreSQL binaries (initdb, pg_ctl) to run its own server: " +
                "apt-get install postgresql (or put initdb and pg_ctl on PATH).";
            if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
            {
                throw new InvalidOperationException(message);
            }

            Assert.Ignore(message);
        }

        StaleClusters.Reap();
        var root = Path.Combine(LocalPostgres.TempRoot, LocalPostgres.DirectoryPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        LocalPostgres.WriteOwner(root);
        var server = new PostgresServer(root, LocalPostgres.FreePort());
        Live.TryAdd(server, 0);
        try
        {
            await server.InitAsync(cancellationToken);
            LocalPostgres.StartWatchdog(root);
            await server.StartFirstTimeAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the stopped server again, on the same port and data directory.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) =>
        WhileAliveAsync(() => _running ? Task.CompletedTask : StartProcessAsync(cancellationToken), cancellationToken);

    /// <summary>Stops the server with <c>pg_ctl stop -m fast</c> (clients are disconnected); the data stays.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => WhileAliveAsync(() => StopProcessAsync("fast"), cancellationToken);

    /// <summary>Stops the server and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                await StopProcessAsync("fast");
            }
            finally
            {
                DeleteRoot();
                Live.TryRemove(this, out _);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    // Runs one start or stop at a time, and none once the server is disposed.
    private async Task WhileAliveAsync(Func<Task> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            await action();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Disposes every server this process started that is still alive.</summary>
    internal static async Task DisposeAllAsync()
    {
        foreach (var server in Live.Keys)
        {
            await server.DisposeAsync();
        }
    }

    private static void KillAllBlocking()
    {
        foreach (var server in Live.Keys)
        {
            try
            {
                LocalPostgres.StopImmediatelyBlocking(server.RootDirectory);
                server.DeleteRoot();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // The watchdog and the next run's reaper finish the job.
            }
        }
    }

    private async Task InitAsync(CancellationToken cancellationToken)
    {
        await LocalPostgres.GiveToPostgresAsync(RootDirectory);
        var (code, output) = await LocalPostgres.RunToolAsync(
            "initdb",
            ["-D", DataDirectory, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--no-locale"],
            ToolTimeout);
        cancellationToken.ThrowIfCancellationRequested();
        if (code != 0)
        {
            throw new InvalidOperationException($"initdb failed ({code}) in {RootDirectory}:\n{output}");
        }

        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), """

            # JustScale test server: throwaway, fast, loopback only.
            listen_addresses = '127.0.0.1'
            unix_socket_directories = ''
            max_connections = 200
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            shared_buffers = 64MB
            logging_collector = off

            """, cancellationToken);
        await WritePortAsync(cancellationToken);
    }

    private Task WritePortAsync(CancellationToken cancellationToken) =>
        File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"),
            string.Create(CultureInfo.InvariantCulture, $"port = {Port}\n"), cancellationToken);

    private async Task StartFirstTimeAsync(CancellationToken cancellationToken)
    {
        // Another process may take the free port between the probe and the start: try a few ports.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartAsync(cancellationToken);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                Port = LocalPostgres.FreePort();
                await WritePortAsync(cancellationToken);
            }
        }
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        var (code, output) = await LocalPostgres.RunToolAsync(
            "pg_ctl", ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60"], ToolTimeout);
        if (code != 0)
        {
            var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile, cancellationToken) : "";
            throw new InvalidOperationException($"pg_ctl start failed ({code}) on port {Port}:\n{output}\n{log}");
        }

        _running = true;
        await WaitForConnectionsAsync(cancellationToken);
    }

    private async Task StopProcessAsync(string mode)
    {
        if (!File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            _running = false;
            return;
        }

        var (code, output) = await LocalPostgres.RunToolAsync(
            "pg_ctl", ["stop", "-D", DataDirectory, "-m", mode, "-w", "-t", "60"], ToolTimeout);
        _running = false;
        if (code != 0 && File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            throw new InvalidOperationException($"pg_ctl stop failed ({code}):\n{output}");
        }
    }

    private async Task WaitForConnectionsAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false");
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private void DeleteRoot()
    {
        for (var attempt = 0; attempt < 3 && Directory.Exists(RootDirectory); attempt++)
        {
            try
            {
                Directory.Delete(RootDirectory, recursive: true);
            }
            catch (IOException) when (attempt < 2)
            {
                Thread.Sleep(200);
            }
        }
    }
}
