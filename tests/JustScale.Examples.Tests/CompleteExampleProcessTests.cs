using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using JustScale.Testing;

namespace JustScale.Examples.Tests;

/// <summary>Runs the built example as its own process, as `dotnet run` would: one ready line with its URL, clean exit on SIGTERM.</summary>
[TestFixture]
public sealed partial class CompleteExampleProcessTests
{
    [Test]
    public async Task Process_InMemory_ReadyLineServesAndExitsZeroOnSigterm()
    {
        var output = await RunAsync(new Dictionary<string, string?>(), async url =>
        {
            using var client = new ExampleClient(url);
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

        var output = await RunAsync(new Dictionary<string, string?> { ["ConnectionStrings__Postgres"] = database.ConnectionString }, async url =>
        {
            using var client = new ExampleClient(url);
            var token = await client.RegisterAsync("process@example.com");
            Assert.That((await client.GetAsync("/profile", token)).Status, Is.EqualTo(HttpStatusCode.OK));
        });

        Assert.That(output, Does.Contain("using PostgreSQL"));
        await using var connection = await database.OpenConnectionAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM users";
        Assert.That(await count.ExecuteScalarAsync(), Is.EqualTo(1L));
    }

    private static async Task<string> RunAsync(Dictionary<string, string?> environment, Func<Uri, Task> exercise)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CompleteExample.dll"));
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add("0");
        foreach (var name in new[] { "ConnectionStrings__Postgres", "POSTGRES_URL", "DATABASE_URL", "PORT" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The example did not start.");
        var lines = new List<string>();
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(e.Data);
            }

            if (ReadyLine().Match(e.Data) is { Success: true } match)
            {
                ready.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (lines)
            {
                lines.Add(e.Data ?? "");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var url = await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await exercise(url);
            Signal(process.Id, "TERM");
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.That(process.ExitCode, Is.Zero, string.Join('\n', lines));
            lock (lines)
            {
                return string.Join('\n', lines);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    [GeneratedRegex(@"listening on (http://\S+) using")]
    private static partial Regex ReadyLine();
}
