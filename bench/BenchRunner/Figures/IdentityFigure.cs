using System.Net;
using System.Net.Http.Headers;

namespace BenchRunner;

/// <summary>Figure 6: authenticated GET /profile through the complete example against ASP.NET Core Identity's stateless bearer GET (and its database-backed one).</summary>
internal static class IdentityFigure
{
    private const int Connections = 32;
    private const double Goal = 0.8;

    /// <summary>Runs the figure and adds its section and goals to the report.</summary>
    public static async Task RunAsync(BenchContext context)
    {
        var database = await context.MainDatabaseAsync();
        await using var example = await context.StartExampleAsync(database, "example-vs-identity");
        await using var identity = await IdentityApp.StartAsync(context, "identity");
        await CheckAnswersAsync(example, identity);

        Task<WrkResult> Load(ServerProcess server, string path, string tokens, int seconds) =>
            Wrk.RunAsync(new Uri(server.Url, path), Connections, seconds, context.Scripts.Bearer, [tokens, path]);
        Rotation.Contender[] contenders =
        [
            new("example", example, seconds => Load(example, "/profile", context.MainTokens, seconds)),
            new("identity", identity.Server, seconds => Load(identity.Server, "/profile", identity.Tokens, seconds)),
            new("identity-db", identity.Server, seconds => Load(identity.Server, "/profile-db", identity.Tokens, seconds)),
        ];
        var rounds = await Rotation.RunAsync(context, contenders);
        var stateless = rounds.Select(r => r[0].Wrk.RequestsPerSecond / r[1].Wrk.RequestsPerSecond).ToList();
        var databaseBacked = rounds.Select(r => r[0].Wrk.RequestsPerSecond / r[2].Wrk.RequestsPerSecond).ToList();
        var (ratio, (min, max)) = (Stats.Median(stateless), Stats.Range(stateless));
        var ratioDb = Stats.Median(databaseBacked);
        double Rps(int k) => Stats.Median(rounds.Select(r => r[k].Wrk.RequestsPerSecond));
        string Row(string name, int k) => Report.Invariant(
            $"| {name} | {Rps(k):N0} | {Stats.Median(rounds.Select(r => r[k].Wrk.P50)):F2} ms | {Stats.Median(rounds.Select(r => r[k].Wrk.P99)):F2} ms | {Stats.Median(rounds.Select(r => r[k].CpuPerRequestUs)):F1} us | {Stats.Median(rounds.Select(r => r[k].PostgresCpuPerRequestUs)):F1} us |");

        var settings = context.Settings;
        context.Report.Goals.Add(new GoalRow(6, "GET /profile against Identity's stateless bearer GET: requests/s",
            Report.Invariant($"{Rps(0):N0}/s"), Report.Invariant($"{Rps(1):N0}/s"), Report.Invariant($"{ratio:F3}"), ">= 0.8", ratio >= Goal));
        context.Report.Goals.Add(new GoalRow(6, "GET /profile against Identity's GET with one EF Core query: requests/s",
            Report.Invariant($"{Rps(0):N0}/s"), Report.Invariant($"{Rps(2):N0}/s"), Report.Invariant($"{ratioDb:F2}"), "-", null));
        context.Report.Section(6, Report.Invariant($"""
            ## 6. GET /profile against ASP.NET Core Identity

            The complete example's `GET /profile` (as in figure 1: the example as it ships on PostgreSQL, with whatever session
            handling it has, tokens rotating over {settings.SmallSessions:N0} sessions) against [bench/IdentityBaseline](../bench/IdentityBaseline):
            `AddIdentityApiEndpoints<IdentityUser>` with EF Core on Npgsql, `MapIdentityApi`, bearer tokens, every option at its
            default (server GC, as the Web SDK sets it), tokens from `POST /login` rotating over {IdentityApp.Users} users. Its
            `GET /profile` answers from the token's claims alone (`RequireAuthorization`, no database: a token stays valid for its
            hour after logout, a password change or the user's deletion); its `GET /profile-db` also loads the user by id through
            `UserManager.GetUserAsync` (one EF Core query), the cost of asking the database on every request. The three are loaded in
            turn, the order rotating by round. wrk: 1 thread, {Connections} connections, {settings.Rounds} rounds of {settings.RoundSeconds} s
            after a {settings.WarmUpSeconds} s warm-up each; medians over the rounds. PostgreSQL CPU is the time of all the server's
            processes during the run (/proc), per request.

            | Server | Requests/s | p50 | p99 | Server CPU per request | PostgreSQL CPU per request |
            |---|---:|---:|---:|---:|---:|
            {Row("Identity: stateless bearer `GET /profile`", 1)}
            {Row("Identity: `GET /profile-db` (one EF Core query)", 2)}
            {Row("JustScale: the complete example's ProfileController", 0)}

            Ratio JustScale / Identity's stateless GET, requests/s: **{ratio:F3}** (median of the per-round ratios, range {min:F3} to {max:F3};
            goal >= {Goal:F1}: {(ratio >= Goal ? "met" : "missed")}). JustScale / Identity's GET with one EF Core query: {ratioDb:F2}.
            """));
    }

    // Every contender answers 200 with a token of its own and 401 without one before their speed is compared.
    private static async Task CheckAnswersAsync(ServerProcess example, IdentityApp identity)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var identityToken = File.ReadLines(identity.Tokens).First();
        var cases = new (ServerProcess Server, string Path, string? Token, HttpStatusCode Status)[]
        {
            (example, "/profile", BenchDatabase.Token(1), HttpStatusCode.OK),
            (example, "/profile", null, HttpStatusCode.Unauthorized),
            (identity.Server, "/profile", identityToken, HttpStatusCode.OK),
            (identity.Server, "/profile-db", identityToken, HttpStatusCode.OK),
            (identity.Server, "/profile", null, HttpStatusCode.Unauthorized),
            (identity.Server, "/profile-db", BenchDatabase.Token(1), HttpStatusCode.Unauthorized),
        };
        foreach (var (server, path, token, status) in cases)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Url, path));
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != status || (status == HttpStatusCode.OK && !body.Contains("\"email\":\"user", StringComparison.Ordinal)))
            {
                throw new BenchFailure($"GET {path} on {server.Name} ({(token is null ? "no token" : "a token")}): expected {(int)status}, got {(int)response.StatusCode}: {body}");
            }
        }
    }
}
