using System.Globalization;
using JustScale.Testing;

namespace BenchRunner;

/// <summary>Holds what the figures share: settings, paths, the PostgreSQL server, the seeded databases, scripts and the report.</summary>
internal sealed class BenchContext(BenchSettings settings, RepoPaths paths, PostgresServer postgres, string workDirectory, Report report) : IAsyncDisposable
{
    private readonly List<BenchDatabase> _databases = [];
    private BenchDatabase? _main;
    private string? _identity;

    /// <summary>Gets the settings.</summary>
    public BenchSettings Settings => settings;

    /// <summary>Gets the paths of the programs.</summary>
    public RepoPaths Paths => paths;

    /// <summary>Gets the folder for scripts, token files and server logs.</summary>
    public string WorkDirectory => workDirectory;

    /// <summary>Gets the report.</summary>
    public Report Report => report;

    /// <summary>Gets the wrk scripts.</summary>
    public (string Plain, string Bearer, string Login) Scripts { get; } = LuaScripts.Write(workDirectory);

    /// <summary>Gets the file holding the tokens of the main database's sessions, one a line.</summary>
    public string MainTokens => Path.Combine(workDirectory, "main-tokens.txt");

    /// <summary>Returns the main database: the users and 10,000 live sessions (created on first use).</summary>
    public async Task<BenchDatabase> MainDatabaseAsync()
    {
        if (_main is null)
        {
            _main = await CreateDatabaseAsync("bench_main");
            await _main.SeedUsersAsync(settings.Users);
            await _main.SeedSessionsAsync(1, settings.SmallSessions, expired: false);
            await File.WriteAllLinesAsync(MainTokens, Enumerable.Range(1, settings.SmallSessions).Select(g => BenchDatabase.Token(g)));
            Log(Report.Invariant($"seeded {settings.Users} users and {settings.SmallSessions:N0} sessions in bench_main"));
        }

        return _main;
    }

    /// <summary>Creates an empty database with the auth schema.</summary>
    public async Task<BenchDatabase> CreateDatabaseAsync(string name)
    {
        var database = await BenchDatabase.CreateAsync(postgres, name);
        _databases.Add(database);
        return database;
    }

    /// <summary>Gets the PostgreSQL server's CPU time so far (every process of it; see <see cref="ProcCpu.PostgresServer"/>).</summary>
    public TimeSpan PostgresCpuTime() => ProcCpu.PostgresServer(Path.Combine(postgres.RootDirectory, "data"));

    /// <summary>Returns the connection string of the database kept for the Identity baseline, created empty on first use
    /// (the app creates its tables itself).</summary>
    public async Task<string> IdentityDatabaseAsync()
    {
        if (_identity is null)
        {
            const string name = "bench_identity";
            await using (var admin = new Npgsql.NpgsqlConnection(postgres.ConnectionString))
            {
                await admin.OpenAsync();
                await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", admin);
                await create.ExecuteNonQueryAsync();
            }

            _identity = new Npgsql.NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Database = name, MaxPoolSize = 50 }.ConnectionString;
        }

        return _identity;
    }

    /// <summary>Gets or sets whether the Identity baseline's users are registered (the first app started registers them).</summary>
    public bool IdentityUsersRegistered { get; set; }

    /// <summary>Starts bench/Baseline (minimal API, raw Npgsql) as a process on a database.</summary>
    public Task<ServerProcess> StartBaselineAsync(BenchDatabase database, string name) =>
        ServerProcess.StartAsync(
            name,
            paths.Baseline,
            port => ["--port", port.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = database.ConnectionString },
            "/profile",
            workDirectory);

    /// <summary>Starts the complete example as a process on a database: the sweeper held off so it cannot run mid-figure, and the
    /// login rate limits off, since every benchmark login comes from one address (the limits would answer 429 after 20 a minute).</summary>
    /// <param name="database">The database.</param>
    /// <param name="name">The server's name in logs.</param>
    /// <param name="environment">More environment variables (runtime settings of <see cref="GcVariants"/>).</param>
    public Task<ServerProcess> StartExampleAsync(BenchDatabase database, string name, IReadOnlyDictionary<string, string>? environment = null) =>
        ServerProcess.StartAsync(
            name,
            paths.CompleteExample,
            port => ["--port", port.ToString(CultureInfo.InvariantCulture), "--sweep-seconds", "86400", "--rate-limits", "off"],
            new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["ConnectionStrings__Postgres"] = database.ConnectionString },
            "/profile",
            workDirectory);

    /// <summary>Prints a progress line with the time and load.</summary>
    public static void Log(string message) =>
        Console.WriteLine(Report.Invariant($"[{DateTime.Now:HH:mm:ss} load {LoadAverage.Now().One:F1}] {message}"));

    /// <summary>Throws a failure when a wrk run saw socket errors, error statuses or malformed bodies.</summary>
    public static void EnsureClean(WrkResult result, string what)
    {
        // No request finishing in a short run is not an error: on a heavily loaded machine a cold server can take seconds
        // per request. The figures check the answers themselves once, with a patient client, before they measure.
        if (result.SocketErrors > 0 || result.StatusErrors > 0 || result.Malformed > 0)
        {
            throw new BenchFailure(Report.Invariant(
                $"{what}: {result.Requests} requests, {result.SocketErrors} socket errors, {result.StatusErrors} error statuses, {result.Malformed} malformed bodies\n{result.Output}"));
        }
    }

    /// <summary>Logs in once with a patient client (2 minutes): the answer must be 200 with a token.</summary>
    public static async Task LoginOnceAsync(ServerProcess server)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        using var body = new StringContent($$"""{"email":"user0@bench.local","password":"{{BenchDatabase.Password}}"}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(server.Url, "/auth/login"), body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != System.Net.HttpStatusCode.OK || !text.Contains("\"token\":\"", StringComparison.Ordinal))
        {
            throw new BenchFailure($"POST /auth/login on {server.Name} answered {(int)response.StatusCode}: {text}");
        }
    }

    /// <summary>Stops the runner's clusters on the databases.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }
}
