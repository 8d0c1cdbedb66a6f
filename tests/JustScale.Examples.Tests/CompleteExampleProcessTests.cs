using System.Net;
using JustScale.Testing;

namespace JustScale.Examples.Tests;

/// <summary>Runs the built example as its own process, as `dotnet run` would: one ready line with its URL, clean exit on SIGTERM.</summary>
[TestFixture]
public sealed class CompleteExampleProcessTests
{
    [Test]
    public async Task Process_InMemory_ReadyLineServesAndExitsZeroOnSigterm()
    {
        var output = await RunAsync(null, async url =>
        {
            using var client = new ApiClient(url);
            var token = await client.RegisterAsync("process@example.com");
            Assert.That((await client.GetAsync("/profile", token)).Status, Is.EqualTo(HttpStatusCode.OK));
        });

        Assert.That(output, Does.Contain("the embedded in-memory store"));
        Assert.That(output.Split('\n').Count(line => line.Contains("listening on", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task Process_PostgresFromEnvironment_CreatesTablesAndServes()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync("process");

        var output = await RunAsync(database.ConnectionString, async url =>
        {
            using var client = new ApiClient(url);
            var token = await client.RegisterAsync("process@example.com");
            Assert.That((await client.GetAsync("/profile", token)).Status, Is.EqualTo(HttpStatusCode.OK));
        });

        Assert.That(output, Does.Contain("using PostgreSQL"));
        await using var connection = await database.OpenConnectionAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM users";
        Assert.That(await count.ExecuteScalarAsync(), Is.EqualTo(1L));
    }

    /// <summary>Starts the example, exercises it, stops it with SIGTERM (exit code 0 required), and returns its output.</summary>
    private static async Task<string> RunAsync(string? connectionString, Func<Uri, Task> exercise)
    {
        await using var example = await ExampleProcess.StartAsync(connectionString);
        await exercise(example.Url);
        var exitCode = await example.StopAsync();
        Assert.That(exitCode, Is.Zero, example.Output);
        return example.Output;
    }
}
