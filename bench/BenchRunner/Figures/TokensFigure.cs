using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace BenchRunner;

/// <summary>Figure 10: GET /profile with a JustScale access token (ES256 JWT, its session checked) against JwtBearer's stateless
/// GET of the same tokens; and how many GET /events streams the example holds per MiB.</summary>
internal static class TokensFigure
{
    private const int Connections = 32;
    private const int AccessTokens = 64;
    private const double Goal = 1.0;

    /// <summary>Runs the figure and adds its section and goals to the report.</summary>
    public static async Task RunAsync(BenchContext context)
    {
        var database = await context.MainDatabaseAsync();
        await using var example = await context.StartExampleAsync(database, "example-jwt");
        var tokens = await IssueAsync(context, example);
        var jwks = new Uri(example.Url, "/.well-known/jwks.json").ToString();
        await using var jwtBearer = await ServerProcess.StartAsync(
            "jwtbearer", context.Paths.JwtBearerBaseline, port => ["--port", port.ToString(CultureInfo.InvariantCulture), "--jwks", jwks],
            new Dictionary<string, string>(), "/profile", context.WorkDirectory);
        await CheckAsync(example, jwtBearer, tokens);

        Task<WrkResult> Load(ServerProcess server, int seconds) =>
            Wrk.RunAsync(new Uri(server.Url, "/profile"), Connections, seconds, context.Scripts.Bearer, [tokens, "/profile"]);
        Rotation.Contender[] contenders =
        [
            new("example", example, seconds => Load(example, seconds)),
            new("jwtbearer", jwtBearer, seconds => Load(jwtBearer, seconds)),
        ];
        var rounds = await Rotation.RunAsync(context, contenders);
        var ratios = rounds.Select(r => r[0].Wrk.RequestsPerSecond / r[1].Wrk.RequestsPerSecond).ToList();
        var (ratio, (min, max)) = (Stats.Median(ratios), Stats.Range(ratios));
        double Rps(int k) => Stats.Median(rounds.Select(r => r[k].Wrk.RequestsPerSecond));
        string Row(string name, int k) => Report.Invariant(
            $"| {name} | {Rps(k):N0} | {Stats.Median(rounds.Select(r => r[k].Wrk.P50)):F2} ms | {Stats.Median(rounds.Select(r => r[k].Wrk.P99)):F2} ms | {Stats.Median(rounds.Select(r => r[k].CpuPerRequestUs)):F1} us |");

        var streams = context.Settings.Quick ? 200 : 2000;
        var (perMiB, kibPerStream) = await StreamsPerMiBAsync(context, example, streams);

        context.Report.Goals.Add(new GoalRow(10, "GET /profile with an access token against JwtBearer's stateless GET: requests/s",
            Report.Invariant($"{Rps(0):N0}/s"), Report.Invariant($"{Rps(1):N0}/s"), Report.Invariant($"{ratio:F3}"), ">= 1.0", ratio >= Goal));
        context.Report.Goals.Add(new GoalRow(10, "GET /events streams held per MiB of RSS",
            Report.Invariant($"{perMiB:F0}"), "-", "-", "-", null));
        var settings = context.Settings;
        context.Report.Section(10, Report.Invariant($"""
            ## 10. Access tokens against JwtBearer, and streams per MiB

            The complete example's `GET /profile` with access tokens from `POST /auth/token` (ES256 JWTs, {AccessTokens} of them for
            as many sessions), against [bench/JwtBearerBaseline](../bench/JwtBearerBaseline): `AddJwtBearer` validating the same
            tokens against the example's JWKS and answering their `sub`, no database. JwtBearer checks the signature alone, so a
            token stays valid after its logout; the example also checks the token's session (through its session cache), so a
            logout refuses it. wrk: 1 thread, {Connections} connections, {settings.Rounds} rounds of {settings.RoundSeconds} s after a
            {settings.WarmUpSeconds} s warm-up each, the order rotating; medians over the rounds.

            | Server | Requests/s | p50 | p99 | Server CPU per request |
            |---|---:|---:|---:|---:|
            {Row("JwtBearer: stateless `GET /profile`", 1)}
            {Row("JustScale: `GET /profile` with an access token", 0)}

            Ratio JustScale / JwtBearer, requests/s: **{ratio:F3}** (range {min:F3} to {max:F3}; goal >= {Goal:F1}:
            {(ratio >= Goal ? "met" : "missed")}).

            Streams: {streams:N0} `GET /events` server-sent event streams opened on the example (one connection each, sessions of
            {Math.Min(streams, settings.Users):N0} users), RSS measured before and after: {kibPerStream:F1} KiB each, **{perMiB:F0} streams per MiB**.
            """));
    }

    // POST /auth/token for the first sessions of the main database: the tokens file wrk rotates over.
    private static async Task<string> IssueAsync(BenchContext context, ServerProcess example)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var tokens = new List<string>();
        foreach (var session in File.ReadLines(context.MainTokens).Take(AccessTokens))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(example.Url, "/auth/token"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session);
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new BenchFailure($"POST /auth/token on {example.Name} answered {(int)response.StatusCode}: {text}");
            }

            tokens.Add(JsonDocument.Parse(text).RootElement.GetProperty("accessToken").GetString()!);
        }

        var file = Path.Combine(context.WorkDirectory, "access-tokens.txt");
        await File.WriteAllLinesAsync(file, tokens);
        return file;
    }

    private static async Task CheckAsync(ServerProcess example, ServerProcess jwtBearer, string tokens)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var token = File.ReadLines(tokens).First();
        foreach (var (server, bearer, status) in new (ServerProcess, string?, HttpStatusCode)[]
        {
            (example, token, HttpStatusCode.OK), (jwtBearer, token, HttpStatusCode.OK),
            (example, null, HttpStatusCode.Unauthorized), (jwtBearer, null, HttpStatusCode.Unauthorized),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Url, "/profile"));
            if (bearer is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }

            using var response = await client.SendAsync(request);
            if (response.StatusCode != status)
            {
                throw new BenchFailure($"GET /profile on {server.Name}: expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    // Opens the streams (each reads its first event), lets the process settle, and compares RSS with one stream open.
    private static async Task<(double PerMiB, double KibPerStream)> StreamsPerMiBAsync(BenchContext context, ServerProcess example, int count)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var sessions = File.ReadLines(context.MainTokens).Take(count).ToList();
        var open = new List<(HttpResponseMessage Response, Stream Body)>();
        try
        {
            open.Add(await OpenAsync(client, example, sessions[0]));
            await Task.Delay(TimeSpan.FromSeconds(2));
            var before = example.ResidentBytes();
            foreach (var batch in sessions.Skip(1).Chunk(50))
            {
                open.AddRange(await Task.WhenAll(batch.Select(s => OpenAsync(client, example, s))));
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
            example.EnsureRunning();
            var after = example.ResidentBytes();
            var kib = Math.Max(1, after - before) / 1024.0 / (count - 1);
            BenchContext.Log(Report.Invariant($"{count} streams: RSS {before / 1048576.0:F1} -> {after / 1048576.0:F1} MiB, {kib:F1} KiB each"));
            return (1024.0 / kib, kib);
        }
        finally
        {
            foreach (var (response, body) in open)
            {
                await body.DisposeAsync();
                response.Dispose();
            }
        }
    }

    private static async Task<(HttpResponseMessage, Stream)> OpenAsync(HttpClient client, ServerProcess example, string session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(example.Url, "/events"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var text = await response.Content.ReadAsStringAsync();
            response.Dispose();
            throw new BenchFailure($"GET /events on {example.Name} answered {(int)response.StatusCode}: {text}");
        }

        var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[256];
        if (await body.ReadAsync(buffer) == 0)
        {
            throw new BenchFailure($"GET /events on {example.Name} ended at once.");
        }

        return (response, body);
    }
}
