using JustScale.Core;
using JustScale.Postgres.Tests.Models;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace JustScale.Postgres.Tests.Client;

/// <summary>Checks where PostgresClient finds its connection: configuration keys, URLs, and the error when there is none.</summary>
[TestFixture]
public sealed class ConfigurationTests : PostgresFixture
{
    [Test]
    public void Compile_NoConnectionConfigured_ErrorNamesAllThreePlaces()
    {
        var cluster = new ClusterBuilder()
            .Provide<IConfiguration>(Configuration())
            .Add<PostgresClient>()
            .Add(PgRepository.Create(PgUser))
            .Build();

        var error = Assert.ThrowsAsync<JustScaleException>(() => cluster.CompileAsync());

        Assert.That(error!.Message, Does.Contain("ConnectionStrings:Postgres").And.Contain("ConnectionStrings__Postgres")
            .And.Contain("POSTGRES_URL").And.Contain("DATABASE_URL"));
    }

    [TestCase("ConnectionStrings:Postgres")]
    [TestCase("POSTGRES_URL")]
    [TestCase("DATABASE_URL")]
    public async Task AddByType_ConnectionFromConfiguration_Works(string key)
    {
        var value = key.StartsWith("ConnectionStrings", StringComparison.Ordinal) ? Database.ConnectionString : ToUrl(Database.ConnectionString);
        await using var cluster = new ClusterBuilder()
            .Provide<IConfiguration>(Configuration((key, value)))
            .Add<PostgresClient>()
            .Add(PgRepository.Create(PgUser))
            .Build();
        await cluster.CompileAsync();
        await cluster.StartAsync();
        var users = cluster.Resolve<IRepository<DocsUser>>();

        var user = await users.InsertAsync(NewUser());

        Assert.That(await users.GetAsync(user.Id), Is.Not.Null);
    }

    [Test]
    public async Task Resolve_SeveralConfigured_ConnectionStringsWinsOverUrls()
    {
        await using var cluster = new ClusterBuilder()
            .Provide<IConfiguration>(Configuration(
                ("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none"),
                ("POSTGRES_URL", "postgres://nobody@127.0.0.1:2/none"),
                ("ConnectionStrings:Postgres", Database.ConnectionString)))
            .Add<PostgresClient>()
            .Add(PgRepository.Create(PgUser))
            .Build();
        await cluster.CompileAsync();

        Assert.That(cluster.Resolve<PostgresClient>().DataSource.ConnectionString, Does.Contain(Database.Name));
    }

    [Test]
    public void Url_EveryPart_ConvertedToNpgsqlKeywords()
    {
        var converted = new NpgsqlConnectionStringBuilder(PgConnectionString.Normalize(
            "postgres://app%40corp:p%3Ass%2Fword@db.example.com:6543/my%20db?sslmode=require&application_name=shop&connect_timeout=4"));

        Assert.That(converted.Host, Is.EqualTo("db.example.com"));
        Assert.That(converted.Port, Is.EqualTo(6543));
        Assert.That(converted.Username, Is.EqualTo("app@corp"));
        Assert.That(converted.Password, Is.EqualTo("p:ss/word"));
        Assert.That(converted.Database, Is.EqualTo("my db"));
        Assert.That(converted.SslMode, Is.EqualTo(SslMode.Require));
        Assert.That(converted.ApplicationName, Is.EqualTo("shop"));
        Assert.That(converted.Timeout, Is.EqualTo(4));
    }

    [Test]
    public void Url_Malformed_ErrorDoesNotEchoPassword()
    {
        var error = Assert.Throws<ArgumentException>(() => PgConnectionString.Normalize("postgres://user:topsecret@host:5432/db?nonsense_key=1"));

        Assert.That(error!.Message, Does.Contain("nonsense_key").And.Not.Contain("topsecret"));
    }

    [Test]
    public async Task DisposeCluster_DisposesTheDataSource()
    {
        var cluster = await StartClusterAsync(TimeProvider.System);
        var client = cluster.Resolve<PostgresClient>();

        await cluster.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => _ = client.DataSource);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static string ToUrl(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var password = string.IsNullOrEmpty(b.Password) ? "" : ":" + Uri.EscapeDataString(b.Password);
        return $"postgres://{Uri.EscapeDataString(b.Username!)}{password}@{b.Host}:{b.Port}/{Uri.EscapeDataString(b.Database!)}?sslmode=disable";
    }
}
