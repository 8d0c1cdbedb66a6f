using JustScale.Core;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Core.Tests.Cluster;

/// <summary>Pins requirements declared for a part of a component (a route), with their fix, and the lifetimes the cluster reports.</summary>
[TestFixture]
public sealed class PartRequirementTests
{
    [Test]
    public void Build_PartRequirementMissing_NamesThePartAndTheFix()
    {
        var builder = new ClusterBuilder().Add(new NeedsClock("Route GET /time (Controller /time \"now\")", ".Provide<Clock>()"));

        var error = Assert.Throws<DependencyException>(() => builder.Build())!;

        Assert.That(error.Message, Does.StartWith("Missing dependencies:\n\n  Route GET /time (Controller /time \"now\") requires:\n    - Clock (add .Provide<Clock>())\n"));
        Assert.That(error.Missing, Is.EqualTo(new[] { new MissingDependency("Clock", "Route GET /time (Controller /time \"now\")", typeof(Clock), ".Provide<Clock>()") }));
    }

    [Test]
    public void Build_PartRequirementProvided_Succeeds()
    {
        Assert.DoesNotThrow(() => new ClusterBuilder().Add(new NeedsClock("part", null)).Provide<Clock>().Build());
    }

    [Test]
    public void Build_PartRequirementRegisteredWithConfigureServices_CountsAsProvided()
    {
        var builder = new ClusterBuilder()
            .Add(new NeedsClock("part", null))
            .ConfigureServices(services => services.AddScoped<Clock>());

        Assert.DoesNotThrow(() => builder.Build());
    }

    [Test]
    public async Task Compile_HostedPartRequirementMissing_NamesThePartAndTheFix()
    {
        var services = new ServiceCollection();
        var cluster = new ClusterBuilder().Add(new NeedsClock("Route GET /time", ".Provide<Clock>()")).Build(services);
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<DependencyException>(() => cluster.Compile(provider))!;

        Assert.That(error.Message, Does.Contain("  Route GET /time requires:\n    - Clock (add .Provide<Clock>())\n"));
    }

    [Test]
    public void DependencyException_FromMissing_WritesTheBuildFormat()
    {
        var error = new DependencyException([new MissingDependency("Clock", "Route GET /time", typeof(Clock), ".Provide<Clock>()")]);

        Assert.That(error.Message, Does.StartWith("Missing dependencies:\n\n  Route GET /time requires:\n    - Clock (add .Provide<Clock>())\n\nHints:\n"));
        Assert.That(error.Missing.Single().RequiredType, Is.EqualTo(typeof(Clock)));
    }

    [Test]
    public async Task LifetimeOf_OwnContainer_ReadsTheRegistrations()
    {
        await using var cluster = new ClusterBuilder()
            .Provide<Clock>()
            .ConfigureServices(services => services.AddScoped<Greeter>())
            .Build();

        Assert.That(cluster.LifetimeOf(typeof(Clock)), Is.EqualTo(ServiceLifetime.Singleton));
        Assert.That(cluster.LifetimeOf(typeof(Greeter)), Is.EqualTo(ServiceLifetime.Scoped));
        Assert.That(cluster.LifetimeOf(typeof(Microsoft.Extensions.Logging.ILogger<Clock>)), Is.EqualTo(ServiceLifetime.Singleton), "open generic");
        Assert.That(cluster.LifetimeOf(typeof(IServiceProvider)), Is.EqualTo(ServiceLifetime.Singleton));
        Assert.That(cluster.LifetimeOf(typeof(Mailer)), Is.Null);
    }

    [Test]
    public void LifetimeOf_Hosted_SeesWhatTheHostRegistersLater()
    {
        var services = new ServiceCollection();
        var cluster = new ClusterBuilder().Provide<Clock>().Build(services);
        services.AddSingleton<Clock>(); // the host's registration comes last and wins
        services.AddTransient<Greeter>();

        Assert.That(cluster.LifetimeOf(typeof(Clock)), Is.EqualTo(ServiceLifetime.Singleton));
        Assert.That(cluster.LifetimeOf(typeof(Greeter)), Is.EqualTo(ServiceLifetime.Transient));
    }

    /// <summary>A component one of whose parts needs a <see cref="Clock"/>.</summary>
    private sealed class NeedsClock(string part, string? fix) : IClusterComponent
    {
        public void Configure(ComponentContext context) => context.Require(typeof(Clock), part, fix);
    }
}
