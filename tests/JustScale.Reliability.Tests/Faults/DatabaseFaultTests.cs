using System.Diagnostics;
using System.Globalization;
using System.Net;
using JustScale.Auth;
using JustScale.Http;
using JustScale.Testing;
using Npgsql;

namespace JustScale.Reliability.Tests;

/// <summary>Breaks the example's own PostgreSQL server while requests flow: stops it, or freezes it, then brings it back.</summary>
/// <remarks>
/// The example runs in-process on a dedicated <see cref="PostgresServer"/> with <c>Timeout=3;Command Timeout=5</c>.
/// While the server is gone every answer that needs it must be 503 <c>{"error":"Service Unavailable"}</c> with
/// Retry-After (a login or registration may instead be shed by the scrypt bound: 503 "overloaded"), never 500 and
/// never later than the timeouts allow; once it is back, the same process serves within 5 s, and every user and
/// session committed before (or during) the fault is still there.
/// </remarks>
[TestFixture]
public sealed class DatabaseFaultTests
{
    // The longest one statement can take against a server that stopped answering: the command timeout (5 s), then
    // Npgsql's cancel request (up to the connect timeout, 3 s; Cancellation Timeout=-1 so it does not also wait 2 s
    // for the cancel's answer, which a frozen server never sends), 2 s to spare; a request fails at its first failed
    // statement. A login or registration may first wait up to 3 s for a scrypt slot (AuthFeature's default, kept
    // here). Plus 8 s for a loaded 2-core machine.
    private static readonly TimeSpan StatementBound = TimeSpan.FromSeconds(5 + 3 + 2);
    private static readonly TimeSpan NoHang = StatementBound + TimeSpan.FromSeconds(3 + 8);
    private const string Overloaded = "Service Unavailable: too many password checks in progress, retry shortly";
    private PostgresServer _server = null!;
    private string _connectionString = null!;
    private InProcessExample _example = null!;
    private ApiClient _client = null!;

    [OneTimeSetUp]
    public async Task StartExample()
    {
        _server = await PostgresServer.StartLocalAsync();
        _connectionString = new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Timeout = 3, CommandTimeout = 5, CancellationTimeout = -1 }.ConnectionString;
        // Rate limits on, counted in PostgreSQL (PgRateLimitStore) but too high to trigger: every login and registration
        // also asks the limiter's table, which must fail as cleanly as the repositories when the server is gone.
        var unreachable = FixedWindowLimit.PerMinute(1_000_000);
        var limits = new AuthRateLimitOptions { LoginPerIp = unreachable, LoginPerEmail = unreachable, RegisterPerIp = unreachable, RegisterPerEmail = unreachable };
        _example = await InProcessExample.StartAsync(_connectionString, passwordQueueWait: null, rateLimits: limits);
        _client = new ApiClient(_example.Url, TimeSpan.FromSeconds(60));
    }

    [OneTimeTearDown]
    public async Task StopExample()
    {
        _client?.Dispose();
        if (_example is not null)
        {
            await _example.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Test]
    public async Task Database_StoppedAndStartedWhileServing_503WithoutHangThenRecoversAndLosesNothing()
    {
        var before = await RegisterUsersAsync(Mode.Pick(10, 40));
        long stopped, starting, started, recovered;
        double stopTook;
        RequestMix mix;
        await using (mix = RequestMix.Start(_client, before, Mode.Pick(8, 16)))
        {
            await Task.Delay(Mode.Pick(1000, 5000));
            var stopping = Stopwatch.GetTimestamp();
            await _server.StopAsync();
            stopped = Stopwatch.GetTimestamp();
            stopTook = Stopwatch.GetElapsedTime(stopping, stopped).TotalMilliseconds;
            await Task.Delay(Mode.Pick(3000, 20000));
            starting = Stopwatch.GetTimestamp();
            await _server.StartAsync();
            started = Stopwatch.GetTimestamp();
            recovered = await FirstOkAsync(before[0].Token);
            await Task.Delay(Mode.Pick(1000, 5000));
        }

        var all = mix.Outcomes.ToList();
        var down = all.Where(o => o.Started >= stopped && o.Started < starting && o.NeedsDatabase).ToList();
        var (committed, logins, profiles, halfRegistered) = await CheckNothingLostAsync(before, mix);
        var recovery = Stopwatch.GetElapsedTime(started, recovered);
        Figures.Report($"{all.Count} requests across a PostgreSQL stop/start ({Statuses(all)}); while down {down.Count} database requests, {down.Count(o => o.Status == 503)} x 503; latency {LatenciesOf(all)}; pg stop {Figures.Ms(stopTook)}, pg start {Figures.Ms(Stopwatch.GetElapsedTime(starting, started).TotalMilliseconds)}, first 200 {Figures.Ms(recovery.TotalMilliseconds)} after the server was back; {committed} committed users log in: {logins}; {before.Length} old sessions valid: {profiles}; registrations answered 503 but stored: {halfRegistered}");

        AssertOnly200Or503(all);
        Assert.That(down, Is.Not.Empty);
        Assert.That(down.Select(o => o.Status), Has.All.EqualTo(503), "a request that needs the database got another answer while it was down");
        Assert.That(LatenciesOf(all).Max, Is.LessThan(NoHang.TotalMilliseconds));
        Assert.That(recovery, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(logins, Is.EqualTo(committed));
        Assert.That(profiles, Is.EqualTo(before.Length));
    }

    [Test]
    public async Task Database_FrozenWhileServing_503WithinTheTimeoutsThenRecovers()
    {
        var before = await RegisterUsersAsync(Mode.Pick(6, 20));
        var frozen = 0L;
        var thawed = 0L;
        long recovered;
        RequestMix mix;
        await using (mix = RequestMix.Start(_client, before, Mode.Pick(8, 16)))
        {
            await Task.Delay(Mode.Pick(500, 3000));
            var processes = ServerProcesses();
            try
            {
                Signal("STOP", processes);
                frozen = Stopwatch.GetTimestamp();
                await Task.Delay((int)(StatementBound.TotalMilliseconds + Mode.Pick(2000, 20000)));
            }
            finally
            {
                Signal("CONT", processes);
                thawed = Stopwatch.GetTimestamp();
            }

            recovered = await FirstOkAsync(before[0].Token);
            await Task.Delay(Mode.Pick(1000, 5000));
        }

        var all = mix.Outcomes.ToList();
        // Answered while frozen (a second after the freeze, so nothing that finished just before it counts): only the
        // timeouts can have answered these, and they must have answered 503.
        var whileFrozen = all.Where(o => o.NeedsDatabase && o.Ended >= frozen + Stopwatch.Frequency && o.Ended < thawed).ToList();
        var (committed, logins, profiles, halfRegistered) = await CheckNothingLostAsync(before, mix);
        var recovery = Stopwatch.GetElapsedTime(thawed, recovered);
        var frozenLatencies = LatenciesOf(whileFrozen);
        Figures.Report($"{all.Count} requests across a frozen PostgreSQL (SIGSTOP, {Statuses(all)}); {whileFrozen.Count} database requests answered while frozen: {Statuses(whileFrozen)}, latency {frozenLatencies}; longest answer overall {Figures.Ms(LatenciesOf(all).Max)}; first 200 {Figures.Ms(recovery.TotalMilliseconds)} after SIGCONT; {committed} committed users log in: {logins}; old sessions valid: {profiles}/{before.Length}; registrations answered 503 but stored: {halfRegistered}");

        AssertOnly200Or503(all);
        Assert.That(whileFrozen, Is.Not.Empty);
        Assert.That(whileFrozen.Select(o => o.Status), Has.All.EqualTo(503));
        Assert.That(LatenciesOf(all).Max, Is.LessThan(NoHang.TotalMilliseconds));
        Assert.That(recovery, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(logins, Is.EqualTo(committed));
        Assert.That(profiles, Is.EqualTo(before.Length));
    }

    private static string Statuses(IEnumerable<RequestMix.Outcome> outcomes) =>
        string.Join(", ", outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} x {g.Key}"));

    private static Latencies LatenciesOf(IEnumerable<RequestMix.Outcome> outcomes)
    {
        var latencies = new Latencies();
        foreach (var outcome in outcomes)
        {
            latencies.Add(outcome.Elapsed);
        }

        return latencies;
    }

    private void AssertOnly200Or503(List<RequestMix.Outcome> all)
    {
        var unavailable = all.Where(o => o.Status == 503).ToList();
        Assert.That(all.Where(o => o.Failure is not null).Select(o => o.Failure), Is.Empty, "every request got an answer");
        Assert.That(all.Select(o => o.Status), Has.All.AnyOf(200, 503),
            string.Join('\n', all.Where(o => o.Status is not (200 or 503)).Select(o => $"{o.Kind} {o.Status} {o.Error}").Distinct()));
        Assert.That(unavailable, Is.Not.Empty);
        Assert.That(unavailable.Select(o => o.Error).Distinct(), Is.SubsetOf(new[] { "Service Unavailable", Overloaded }));
        Assert.That(unavailable.Where(o => o.Error == Overloaded).Select(o => o.Kind), Has.All.AnyOf("login", "register"));
        Assert.That(unavailable.Select(o => o.RetryAfter), Has.All.Not.Null);
        Assert.That(all.Where(o => !o.NeedsDatabase).Select(o => o.Status), Has.All.EqualTo(200), "the anonymous feed needs no database");
        Assert.That(_example.Errors, Is.Empty, "no request ended in an unhandled exception");
    }

    /// <summary>Logs in every user committed before or during the fault and reads with the old sessions.</summary>
    private async Task<(int Committed, int Logins, int Profiles, long HalfRegistered)> CheckNothingLostAsync((string Email, string Token)[] before, RequestMix mix)
    {
        var committed = before.Select(b => b.Email).Concat(mix.Registered.Where(r => r.Status == 200).Select(r => r.Email)).ToList();
        // One after another: a burst would be shed by the scrypt bound (3 s wait for one of two slots).
        var logins = new List<ApiResponse>();
        foreach (var email in committed)
        {
            logins.Add(await _client.PostAsync("/auth/login", new { email, password = ApiClient.Password }));
        }

        var profiles = await Burst.RunAsync(before.Length, i => _client.GetAsync("/profile", before[i].Token));
        var unanswered = mix.Registered.Where(r => r.Status == 503).Select(r => r.Email).ToArray();
        var halfRegistered = await Database.ScalarAsync<long>(_connectionString, "SELECT count(*) FROM users WHERE email = ANY($1)", (object)unanswered);
        return (committed.Count, logins.Count(l => l.Code == 200), profiles.Count(p => p.Code == 200), halfRegistered);
    }

    private async Task<(string Email, string Token)[]> RegisterUsersAsync(int count) =>
        await Burst.RunAsync(count, async i =>
        {
            var email = $"before-{i}-{Guid.NewGuid():N}@example.com";
            return (email, await _client.RegisterAsync(email));
        });

    private async Task<long> FirstOkAsync(string token)
    {
        var deadline = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if ((await _client.GetAsync("/profile", token)).Status == HttpStatusCode.OK)
            {
                return Stopwatch.GetTimestamp();
            }

            await Task.Delay(50);
        }

        return deadline;
    }

    /// <summary>Lists the postmaster of the dedicated server (first line of postmaster.pid) and its children.</summary>
    private List<int> ServerProcesses()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(_server.RootDirectory, "data", "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        var children = Directory.GetDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit))
            .Select(name => int.Parse(name!, CultureInfo.InvariantCulture))
            .Where(pid => ParentOf(pid) == postmaster);
        return [postmaster, .. children];
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
            return line is null ? null : int.Parse(line[5..].Trim(), CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void Signal(string signal, List<int> processes)
    {
        using var kill = Process.Start("kill", [$"-{signal}", .. processes.Select(p => p.ToString(CultureInfo.InvariantCulture))]);
        kill.WaitForExit();
    }
}
