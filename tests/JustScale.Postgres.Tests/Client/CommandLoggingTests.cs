using JustScale.Core;
using JustScale.Postgres.Tests.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace JustScale.Postgres.Tests.Client;

/// <summary>Npgsql logs every command at Information; the filter docs/postgres.md shows keeps those lines out.</summary>
[TestFixture]
public sealed class CommandLoggingTests : PostgresFixture
{
    [Test]
    public async Task Logging_InformationByDefault_NpgsqlLogsEveryCommand()
    {
        var logs = new FakeLogCollector();
        await using var cluster = await StartAsync(new ClusterBuilder()
            .ConfigureLogging(logging => logging.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Information)));

        await cluster.Resolve<IRepository<DocsUser>>().CountAsync(Filter<DocsUser>.All);

        Assert.That(CommandLines(logs), Has.Some.Contain("SELECT COUNT(*) FROM users"), "the lines the filter is for");
    }

    [Test]
    public async Task Logging_NpgsqlCommandAtWarning_NoPerCommandLinesAndOtherLogsKept()
    {
        var logs = new FakeLogCollector();
        var builder = new ClusterBuilder()
            .ConfigureLogging(logging => logging.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Information))
            .ConfigureLogging(logging => logging.AddFilter("Npgsql.Command", LogLevel.Warning));
        await using var cluster = await StartAsync(builder);

        await cluster.Resolve<IRepository<DocsUser>>().CountAsync(Filter<DocsUser>.All);
        cluster.Resolve<ILoggerFactory>().CreateLogger("App").LogInformation("still logged");

        Assert.That(CommandLines(logs), Is.Empty);
        Assert.That(logs.GetSnapshot().Select(r => r.Message), Has.Member("still logged"));
    }

    private static List<string> CommandLines(FakeLogCollector logs) =>
        [.. logs.GetSnapshot().Where(r => r.Category == "Npgsql.Command").Select(r => r.Message)];

    private async Task<Cluster> StartAsync(ClusterBuilder builder)
    {
        var cluster = builder
            .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = Database.ConnectionString }))
            .Add(PgRepository.Create(PgUser))
            .Add(PgRepository.Create(PgSession))
            .Build();
        await cluster.CompileAsync();
        await cluster.StartAsync();
        return cluster;
    }
}
