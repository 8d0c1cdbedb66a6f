using JustScale.Core;

namespace JustScale.Core.Tests.Cluster;

[TestFixture]
public sealed class ClusterBuilderTests
{
    [Test]
    public void Build_FeatureRequirementsMissing_ListsEveryMissingDependencyAndWhoRequiresIt()
    {
        var builder = new ClusterBuilder().Add<MailFeature>();

        var error = Assert.Throws<DependencyException>(() => builder.Build());

        Assert.That(error!.Message, Is.EqualTo(
            "Missing dependencies:\n\n" +
            "  Mailer (added by MailFeature) requires:\n" +
            "    - IRepository<Account>\n\n" +
            "  Greeter (added by MailFeature) requires:\n" +
            "    - Clock\n\n" +
            "  Feature: MailFeature requires:\n" +
            "    - IRepository<Account>\n" +
            "    - Clock\n\n" +
            "Hints:\n" +
            "  - Provide each missing service: .Provide<TService>(), a feature (.Add<TFeature>()), or a repository\n" +
            "  - Repositories: .Add(InMemoryRepository.For<User>()) or .Add(PgRepository.Create(PgUser))\n" +
            "  - Check that every feature's requirements are satisfied"));
        Assert.That(error.Missing.Select(m => m.RequiredType).Distinct(), Is.EquivalentTo(new[] { typeof(IRepository<Account>), typeof(Clock) }));
    }

    [Test]
    public void Build_AllProvided_Succeeds()
    {
        var cluster = new ClusterBuilder()
            .Add<MailFeature>()
            .Provide<Clock>()
            .Add(InMemoryRepository.For<Account>())
            .Build();

        Assert.That(cluster.IsCompiled, Is.False);
    }

    [Test]
    public void Build_Cycle_NamesItsPath()
    {
        var builder = new ClusterBuilder().Provide<Chicken>().Provide<Egg>().Provide<Hen>();

        var error = Assert.Throws<DependencyException>(() => builder.Build());

        Assert.That(error!.Message, Is.EqualTo("Circular dependency: Chicken -> Egg -> Hen -> Chicken"));
        Assert.That(error.Cycle, Is.EqualTo(new[] { "Chicken", "Egg", "Hen", "Chicken" }));
    }

    [Test]
    public void Build_ServiceProvidedTwice_Throws()
    {
        var builder = new ClusterBuilder()
            .Add(InMemoryRepository.For<Account>())
            .Add(InMemoryRepository.For<Account>());

        var error = Assert.Throws<DependencyException>(() => builder.Build());

        Assert.That(error!.Message, Does.StartWith("IRepository<Account> is provided twice"));
    }

    [Test]
    public void Add_Null_FailsAtOnceWithClearMessage()
    {
        var builder = new ClusterBuilder();

        var error = Assert.Throws<ArgumentNullException>(() => builder.Add((IClusterComponent)null!));

        Assert.That(error!.Message, Does.Contain("ClusterBuilder.Add(null)"));
    }

    [Test]
    public void Add_SameFeatureTypeTwice_AddsItOnce()
    {
        var cluster = new ClusterBuilder()
            .Add<MailFeature>()
            .Add<MailFeature>()
            .Provide<Clock>()
            .Add(InMemoryRepository.For<Account>())
            .Build();

        Assert.That(cluster.Components.OfType<MailFeature>().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task Build_FeatureAddsAComponentWhileConfiguring_ItIsPartOfTheCluster()
    {
        await using var cluster = new ClusterBuilder().Add<BundleFeature>().Build();
        await cluster.CompileAsync();

        Assert.That(cluster.Resolve<Greeter>().Clock, Is.SameAs(cluster.Resolve<Clock>()));
        Assert.That(cluster.Components.OfType<ClockComponent>().Count(), Is.EqualTo(1));
    }

    [Test]
    public void Build_PlainComponentRequirementMissing_NamedWithoutFeaturePrefix()
    {
        var error = Assert.Throws<DependencyException>(() => new ClusterBuilder().Add(new NeedsAccounts()).Build());

        Assert.That(error!.Message, Does.StartWith("Missing dependencies:\n\n  Reports requires:\n    - IRepository<Account>\n"));
    }

    [Test]
    public void Build_Twice_Throws()
    {
        var builder = new ClusterBuilder().Provide<Clock>();
        builder.Build();

        Assert.Throws<InvalidOperationException>(() => builder.Build());
    }

    [Test]
    public async Task Provide_TimeProviderInstance_ReplacesBuiltIn()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var cluster = new ClusterBuilder().Provide<TimeProvider>(time).Build();
        await cluster.CompileAsync();

        Assert.That(cluster.Resolve<TimeProvider>(), Is.SameAs(time));
    }
}
