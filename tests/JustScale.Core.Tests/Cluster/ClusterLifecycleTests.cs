using JustScale.Core;

namespace JustScale.Core.Tests.Cluster;

[TestFixture]
public sealed class ClusterLifecycleTests
{
    private static Core.Cluster BuildServers(Journal journal) => new ClusterBuilder()
        .Provide<WebServer>()
        .Provide<Cache>()
        .Provide<Database>()
        .Provide(journal)
        .Build();

    [Test]
    public async Task StartStop_DependencyOrderThenReverse()
    {
        var journal = new Journal();
        await using var cluster = BuildServers(journal);
        await cluster.CompileAsync();

        await cluster.StartAsync();
        await cluster.StopAsync();

        Assert.That(journal.Entries, Is.EqualTo(new[]
        {
            "start Database", "start Cache", "start WebServer",
            "stop WebServer", "stop Cache", "stop Database",
        }));
    }

    [Test]
    public async Task Compile_CreatesEverySingletonEagerly_OneInstanceEach()
    {
        await using var cluster = BuildServers(new Journal());
        await cluster.CompileAsync();

        Assert.That(cluster.Resolve<WebServer>().Cache, Is.SameAs(cluster.Resolve<Cache>()));
        Assert.That(cluster.Resolve<Cache>().Database, Is.SameAs(cluster.Resolve<Database>()));
    }

    [Test]
    public async Task Compile_ConstructorThrows_FailsAtStartup()
    {
        await using var cluster = new ClusterBuilder().Provide<Broken>().Build();

        var error = Assert.ThrowsAsync<JustScaleException>(() => cluster.CompileAsync());

        Assert.That(error!.Message, Does.Contain("no config for Broken"));
        Assert.That(cluster.IsCompiled, Is.False);
    }

    [Test]
    public async Task Start_BeforeCompile_ThrowsClearInvalidOperation()
    {
        await using var cluster = BuildServers(new Journal());

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => cluster.StartAsync());

        Assert.That(error!.Message, Does.Contain("CompileAsync()"));
    }

    [Test]
    public async Task Start_Twice_ThrowsInvalidOperation()
    {
        await using var cluster = BuildServers(new Journal());
        await cluster.CompileAsync();
        await cluster.StartAsync();

        Assert.ThrowsAsync<InvalidOperationException>(() => cluster.StartAsync());
    }

    [Test]
    public async Task Dispose_Started_StopsServices()
    {
        var journal = new Journal();
        var cluster = BuildServers(journal);
        await cluster.CompileAsync();
        await cluster.StartAsync();

        await cluster.DisposeAsync();

        Assert.That(journal.Entries.Count(e => e.StartsWith("stop", StringComparison.Ordinal)), Is.EqualTo(3));
        Assert.That(cluster.IsStarted, Is.False);
    }

    [Test]
    public void Resolve_BeforeCompile_Throws()
    {
        var cluster = BuildServers(new Journal());

        Assert.Throws<InvalidOperationException>(() => cluster.Resolve<Cache>());
    }
}
