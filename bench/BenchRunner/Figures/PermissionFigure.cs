using System.Net;
using System.Net.Http.Headers;
using Npgsql;

namespace BenchRunner;

/// <summary>Figure 9: a permission-guarded GET against the same GET with <c>.Use(Auth)</c> only, both through the complete example as shipped.</summary>
internal static class PermissionFigure
{
    private const int Connections = 32;
    private const double Goal = 0.90;

    /// <summary>Runs the figure and adds its section and goals to the report.</summary>
    public static async Task RunAsync(BenchContext context)
    {
        var database = await context.MainDatabaseAsync();
        await using var guarded = await context.StartExampleAsync(database, "example-guarded");
        await using var plain = await context.StartExampleAsync(database, "example-auth-only");
        var organization = await SeedOrganizationAsync(database); // every bench user a member of one organization
        var guardedPath = $"/orgs/{organization}/profile";
        await CheckSameAnswersAsync(guarded, guardedPath);

        var rounds = await SideBySide.RunAsync(context, guarded, plain, (server, seconds) =>
            Wrk.RunAsync(new Uri(server.Url, server == guarded ? guardedPath : "/profile"), Connections, seconds, context.Scripts.Bearer,
                [context.MainTokens, server == guarded ? guardedPath : "/profile"]));
        var (table, ratio, min, max) = SideBySide.Summarize(rounds,
            "`GET /orgs/:orgId/profile`: `.Use(Auth).Guard(Organization.Can.View.On(\"orgId\"))`", "`GET /profile`: `.Use(Auth)` only");
        var rps = (Subject: Stats.Median(rounds.Select(r => r.Subject.Wrk.RequestsPerSecond)), Baseline: Stats.Median(rounds.Select(r => r.Baseline.Wrk.RequestsPerSecond)));
        var settings = context.Settings;

        context.Report.Goals.Add(new GoalRow(9, "Permission-guarded GET (session cache on): requests/s",
            Report.Invariant($"{rps.Subject:N0}/s"), Report.Invariant($"{rps.Baseline:N0}/s"), Report.Invariant($"{ratio:F3}"), ">= 0.90", ratio >= Goal));
        context.Report.Section(9, Report.Invariant($"""
            ## 9. Permission-guarded GET

            The same answer (`{"{"}id, email, name{"}"}` of the caller) from two routes of the complete example as shipped (session cache on), each
            in its own process on the same database: `GET /profile` with `.Use(Auth)` only, and `GET /orgs/:orgId/profile`, which adds the
            guard `Organization.Can.View.On("orgId")` (docs/authorization.md). Every one of the {settings.Users:N0} users is a member of the
            organization; the tokens rotate over the {settings.SmallSessions:N0} live sessions. The guard resolves the caller's organization
            principals from the memberships table on every request (one indexed query, no cache), so that a role change or a removal is
            effective on the next request on every instance. wrk: 1 thread, {Connections} connections, {settings.Rounds} alternating rounds of
            {settings.RoundSeconds} s after a {settings.WarmUpSeconds} s warm-up each; medians over the rounds.

            {table}

            Ratio guarded / `.Use(Auth)` only, requests/s: **{ratio:F3}** (range {min:F3} to {max:F3}; goal >= 0.90: {(ratio >= Goal ? "met" : "missed")}).
            """));
    }

    // One organization holding every bench user as a member, made once per database (reused by a later run).
    private static async Task<Guid> SeedOrganizationAsync(BenchDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using (var find = new NpgsqlCommand("SELECT id FROM organizations WHERE name = 'bench-org'", connection))
        {
            if (await find.ExecuteScalarAsync() is Guid existing)
            {
                return existing;
            }
        }

        var id = Guid.CreateVersion7();
        foreach (var sql in new[]
        {
            "INSERT INTO organizations (id, name, created_at) VALUES ($1, 'bench-org', now())",
            "INSERT INTO memberships (id, organization_id, user_id, role, created_at) SELECT gen_random_uuid(), $1, u.id, 'member', now() FROM users u WHERE u.email LIKE '%@bench.local'",
            "ANALYZE memberships",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            if (sql.Contains("$1", StringComparison.Ordinal))
            {
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            }

            await command.ExecuteNonQueryAsync();
        }

        return id;
    }

    // The guarded route answers exactly as GET /profile for a member, and 403 for an organization the caller is not in.
    private static async Task CheckSameAnswersAsync(ServerProcess server, string guardedPath)
    {
        using var client = new HttpClient();
        async Task<(HttpStatusCode, string)> GetAsync(string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Url, path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BenchDatabase.Token(1));
            using var response = await client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var plain = await GetAsync("/profile");
        var guarded = await GetAsync(guardedPath);
        var outside = await GetAsync($"/orgs/{Guid.NewGuid()}/profile");
        if (plain.Item1 != HttpStatusCode.OK || guarded != plain || outside.Item1 != HttpStatusCode.Forbidden)
        {
            throw new BenchFailure($"GET {guardedPath} answered {guarded}, GET /profile {plain}, another organization {outside.Item1} (expected 403).");
        }
    }
}
