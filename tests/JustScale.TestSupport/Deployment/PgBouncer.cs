using System.Globalization;
using Npgsql;

namespace JustScale.Testing;

/// <summary>Runs Debian's PgBouncer (/usr/sbin/pgbouncer) in front of a PostgreSQL server, on a free loopback port, with a
/// generated ini and userlist: the pooler a deployment puts between its instances and the database.</summary>
/// <remarks>Clients log in without a password (auth_type trust); PgBouncer logs in to the server with the user and password
/// of the server's connection string. As root it drops to the <c>postgres</c> user (<c>-u postgres</c>): PgBouncer refuses to
/// run as root.</remarks>
public sealed class PgBouncer : IAsyncDisposable
{
    /// <summary>The Debian path of the program.</summary>
    public const string Program = "/usr/sbin/pgbouncer";

    private readonly ServiceProcess _process;
    private readonly string _folder;
    private readonly NpgsqlConnectionStringBuilder _server;

    private PgBouncer(ServiceProcess process, string folder, int port, NpgsqlConnectionStringBuilder server, string ini)
    {
        _process = process;
        _folder = folder;
        Port = port;
        _server = server;
        Ini = ini;
    }

    /// <summary>Gets the port PgBouncer listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Gets the ini file PgBouncer was started with, as written.</summary>
    public string Ini { get; }

    /// <summary>Gets what PgBouncer logged so far.</summary>
    public string Output => _process.Output;

    /// <summary>Starts PgBouncer in front of the server of <paramref name="serverConnectionString"/>.</summary>
    /// <param name="serverConnectionString">A connection string to the server (its host, port, user and password are used).</param>
    /// <param name="poolMode">The pool_mode: <c>transaction</c> (the deployment's) or <c>session</c>.</param>
    /// <param name="poolSize">The default_pool_size: server connections per database and user.</param>
    public static async Task<PgBouncer> StartAsync(string serverConnectionString, string poolMode = "transaction", int poolSize = 20)
    {
        var program = ServiceProcess.Require(Program, "pgbouncer");
        var server = new NpgsqlConnectionStringBuilder(serverConnectionString);
        var folder = Path.Combine(LocalPostgres.TempRoot, "justscale-pgbouncer-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var port = LocalPostgres.FreePort();
        var ini = IniFor(server, port, poolMode, poolSize, Path.Combine(folder, "userlist.txt"));
        await File.WriteAllTextAsync(Path.Combine(folder, "pgbouncer.ini"), ini);
        await File.WriteAllTextAsync(Path.Combine(folder, "userlist.txt"),
            $"\"{server.Username}\" \"{(server.Password ?? "").Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n");
        await LocalPostgres.GiveToPostgresAsync(folder);
        string[] arguments = LocalPostgres.IsRoot ? ["-u", "postgres", Path.Combine(folder, "pgbouncer.ini")] : [Path.Combine(folder, "pgbouncer.ini")];
        try
        {
            var process = await ServiceProcess.StartAsync(program, arguments, port);
            return new PgBouncer(process, folder, port, server, ini);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>Returns a connection string through PgBouncer to a database, as the server's user, with optional extra settings.</summary>
    public string ConnectionString(string database, string? extra = null)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = _server.Username,
            Database = database,
            Timeout = 30, // a bound, not an assertion: four instances starting under a parallel CI run took more than 5 s to open through the pooler
        };
        return builder.ConnectionString + (extra is null ? "" : ";" + extra);
    }

    /// <summary>Stops PgBouncer and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is small and under the temporary directory.
        }
    }

    /// <summary>Fills in Deployment/pgbouncer.ini, the file docs/deployment.md shows, with this test's server, ports and paths.</summary>
    private static string IniFor(NpgsqlConnectionStringBuilder server, int port, string poolMode, int poolSize, string userlist)
    {
        var template = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Deployment", "pgbouncer.ini"));
        return template
            .Replace("${POSTGRES_HOST}", server.Host, StringComparison.Ordinal)
            .Replace("${POSTGRES_PORT}", server.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("${PGBOUNCER_PORT}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("${USERLIST}", userlist, StringComparison.Ordinal)
            .Replace("${POOL_SIZE}", poolSize.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("pool_mode = transaction", "pool_mode = " + poolMode, StringComparison.Ordinal);
    }
}
