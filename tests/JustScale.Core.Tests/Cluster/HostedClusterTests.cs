using JustScale.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JustScale.Core.Tests.Cluster;

/// <summary>A cluster built into a host's container (<see cref="ClusterBuilder.Build(IServiceCollection)"/>): one container, the check at compile.</summary>
[TestFixture]
public sealed class HostedClusterTests
{
    [Test]
    public async Task Compile_HostServiceNeededByClusterService_IsInjectedAndClusterServiceResolvesFromTheHost()
    {
        var services = new ServiceCollection();
        var cluster = new ClusterBuilder().Provide<Greeter>().Build(services);
        services.AddSingleton<Clock>(); // registered on the host after the cluster, as an app would
        await using var provider = services.BuildServiceProvider();

        cluster.Compile(provider);

        Assert.That(cluster.IsHosted, Is.True);
        Assert.That(provider.GetRequiredService<Greeter>(), Is.SameAs(cluster.Resolve<Greeter>()));
        Assert.That(cluster.Resolve<Greeter>().Clock, Is.SameAs(provider.GetRequiredService<Clock>()));
    }

    [Test]
    public async Task Compile_DependencyNeitherInClusterNorHost_NamesItAndWhoNeedsIt()
    {
        var services = new ServiceCollection();
        var cluster = new ClusterBuilder().Provide<Greeter>().Build(services);
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<DependencyException>(() => cluster.Compile(provider))!;

        Assert.That(error.Missing.Select(m => (m.Required, m.RequiredBy)), Is.EqualTo(new[] { ("Clock", "Greeter") }));
        Assert.That(error.Message, Does.Contain("Greeter requires:").And.Contain("- Clock").And.Contain("builder.Services.AddSingleton"));
        Assert.That(cluster.IsCompiled, Is.False);
    }

    [Test]
    public async Task Compile_HostProvidesLoggingConfigurationAndTime_ClusterUsesTheHostsOwn()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Greeting"] = "hello" }).Build();
        services.AddSingleton<IConfiguration>(configuration);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        services.AddSingleton<TimeProvider>(time);
        var cluster = new ClusterBuilder().Provide<ConfiguredService>().Build(services);
        await using var provider = services.BuildServiceProvider();

        cluster.Compile(provider);

        var service = cluster.Resolve<ConfiguredService>();
        Assert.That(service.Greeting, Is.EqualTo("hello"));
        Assert.That(service.Time, Is.SameAs(time));
        Assert.That(service.Logger, Is.Not.Null);
    }

    [Test]
    public async Task StartStop_HostedCluster_RunsLifecycleInDependencyOrderWithoutDisposingTheHostsServices()
    {
        var services = new ServiceCollection();
        var journal = new Journal();
        services.AddSingleton(journal);
        var cluster = new ClusterBuilder().Provide<WebServer>().Provide<Cache>().Provide<Database>().Build(services);
        await using var provider = services.BuildServiceProvider();
        cluster.Compile(provider);

        await cluster.StartAsync();
        await cluster.DisposeAsync();

        Assert.That(journal.Entries, Is.EqualTo(new[]
        {
            "start Database", "start Cache", "start WebServer",
            "stop WebServer", "stop Cache", "stop Database",
        }));
        Assert.That(provider.GetRequiredService<Cache>(), Is.Not.Null, "the host's container outlives the cluster");
    }

    [Test]
    public async Task CompileAsync_HostedCluster_SaysTheHostCompilesIt()
    {
        var cluster = new ClusterBuilder().Provide<Clock>().Build(new ServiceCollection());

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => cluster.CompileAsync())!;

        Assert.That(error.Message, Does.Contain("MapJustScale"));
        await cluster.DisposeAsync();
    }

    [Test]
    public async Task Compile_OwnContainerCluster_IsRefused()
    {
        await using var cluster = new ClusterBuilder().Provide<Clock>().Build();

        Assert.That(() => cluster.Compile(new ServiceCollection().BuildServiceProvider()), Throws.InvalidOperationException.With.Message.Contains("CompileAsync"));
    }

    /// <summary>Needs what every host has: configuration, time and a logger.</summary>
    public sealed class ConfiguredService(IConfiguration configuration, TimeProvider time, ILogger<ConfiguredService> logger)
    {
        public string? Greeting { get; } = configuration["Greeting"];

        public TimeProvider Time { get; } = time;

        public ILogger Logger { get; } = logger;
    }
}
