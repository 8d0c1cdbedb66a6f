using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Core.Tests.Cluster;

/// <summary>Build refuses a scoped or transient service captured by one of the cluster's singletons, naming both and the fix.</summary>
[TestFixture]
public sealed class CapturedServiceTests
{
    [Test]
    public void Build_SingletonCapturesAScopedService_ThrowsNamingBothAndCtxServices()
    {
        var builder = new ClusterBuilder()
            .Provide<Greeter>()
            .ConfigureServices(services => services.AddScoped<Clock>());

        var error = Assert.Throws<DependencyException>(() => builder.Build())!;

        Assert.That(error.Message, Does.StartWith("Scoped or transient services captured by singletons:\n\n  Greeter captures:\n    - Clock (scoped)\n"));
        Assert.That(error.Message, Does.Contain("ctx.Services.GetRequiredService<Clock>()"));
    }

    [Test]
    public void Build_SingletonCapturesATransientService_Throws()
    {
        var builder = new ClusterBuilder()
            .Provide<Greeter>()
            .ConfigureServices(services => services.AddTransient<Clock>());

        var error = Assert.Throws<DependencyException>(() => builder.Build())!;

        Assert.That(error.Message, Does.Contain("  Greeter captures:\n    - Clock (transient)\n"));
    }

    [Test]
    public void Build_FeatureServiceCapturesAScopedService_NamesTheFeature()
    {
        var builder = new ClusterBuilder()
            .Add(new GreetingFeature())
            .ConfigureServices(services => services.AddScoped<Clock>());

        var error = Assert.Throws<DependencyException>(() => builder.Build())!;

        Assert.That(error.Message, Does.Contain("  Greeter (added by GreetingFeature) captures:\n    - Clock (scoped)\n"));
    }

    [Test]
    public void Build_SingletonCapturesSingletons_Succeeds()
    {
        Assert.DoesNotThrow(() => new ClusterBuilder()
            .Provide<Greeter>()
            .ConfigureServices(services => services.AddSingleton<Clock>())
            .Build());
        Assert.DoesNotThrow(() => new ClusterBuilder().Provide<Greeter>().Provide<Clock>().Build());
    }

    [Test]
    public void Build_ScopedServiceNobodyCaptures_Succeeds()
    {
        Assert.DoesNotThrow(() => new ClusterBuilder()
            .Provide<Clock>()
            .ConfigureServices(services => services.AddScoped<Greeter>())
            .Build());
    }

    [Test]
    public void CheckDependencies_HostedSingletonCapturesAScopedHostService_Throws()
    {
        // The hosted style's check reads the host's registrations, including those made after AddJustScale.
        var services = new ServiceCollection();
        var cluster = new ClusterBuilder().Provide<Greeter>().Build(services);
        services.AddScoped<Clock>();

        var error = Assert.Throws<DependencyException>(cluster.CheckDependencies)!;

        Assert.That(error.Message, Does.Contain("  Greeter captures:\n    - Clock (scoped)\n"));
    }

    [Test]
    public async Task Compile_HostedSingletonCapturesAScopedHostService_Throws()
    {
        var services = new ServiceCollection();
        var cluster = new ClusterBuilder().Provide<Greeter>().Build(services);
        services.AddScoped<Clock>();
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<DependencyException>(() => cluster.Compile(provider))!;

        Assert.That(error.Message, Does.Contain("  Greeter captures:\n    - Clock (scoped)\n"));
    }

    [Test]
    public async Task CheckDependencies_OwnContainer_Refuses()
    {
        await using var cluster = new ClusterBuilder().Provide<Clock>().Build();

        Assert.Throws<InvalidOperationException>(cluster.CheckDependencies);
    }

    private sealed class GreetingFeature : Feature
    {
        public override string Name => "GreetingFeature";

        public override void Configure(ComponentContext context) => context.Provide<Greeter>();
    }
}
