using JustScale.Core;

namespace JustScale.Auth.Tests.TwoFactor;

/// <summary>The mistakes made turning two-factor login on fail at Build() or where the options are set, naming the fix.</summary>
[TestFixture]
public sealed class TwoFactorFeatureTests
{
    [Test]
    public void Build_WithoutTwoFactorRepositories_NamesEach()
    {
        var builder = Base().Add(new AuthEndpointsFeature(options => options.TwoFactor = new TwoFactorOptions()));

        var error = Assert.Throws<DependencyException>(() => builder.Build())!;

        Assert.That(error.Missing.Select(m => m.RequiredType), Is.SupersetOf(new[]
        {
            typeof(IRepository<TwoFactorSecret>), typeof(IRepository<RecoveryCode>), typeof(IRepository<TwoFactorTicket>), typeof(IRepository<KeyRingEntry>),
        }));
        Assert.That(error.Message, Does.Contain("Feature: AuthEndpointsFeature requires:").And.Contain("IRepository<TwoFactorSecret>"));
    }

    [Test]
    public void Build_KeysInAFolder_NeedsNoKeyRepository()
    {
        var builder = Base()
            .Add(InMemoryRepository.For<TwoFactorSecret>())
            .Add(InMemoryRepository.For<RecoveryCode>())
            .Add(InMemoryRepository.For<TwoFactorTicket>())
            .Add(new AuthEndpointsFeature(options => options.TwoFactor = new TwoFactorOptions { KeysDirectory = new DirectoryInfo(Path.GetTempPath()) }));

        Assert.That(() => builder.Build(), Throws.Nothing);
    }

    [Test]
    public void Build_TwoFactorOff_NeedsNoTwoFactorRepository()
    {
        Assert.That(() => Base().Add(new AuthEndpointsFeature()).Build(), Throws.Nothing);
    }

    [Test]
    public void Options_IssuerWithColonOrZeroTicketTtl_FailWhereConfigured()
    {
        Assert.That(() => new AuthEndpointsFeature(o => o.TwoFactor = new TwoFactorOptions { Issuer = "a:b" }), Throws.InstanceOf<ArgumentException>());
        Assert.That(() => new AuthEndpointsFeature(o => o.TwoFactor = new TwoFactorOptions { TicketTtl = TimeSpan.Zero }), Throws.InstanceOf<ArgumentException>());
        Assert.That(() => new AuthEndpointsFeature(o => o.TwoFactor = new TwoFactorOptions { MaxTicketAttempts = 0 }), Throws.InstanceOf<ArgumentException>());
    }

    private static ClusterBuilder Base() => new ClusterBuilder()
        .Add(InMemoryRepository.For<User>())
        .Add(InMemoryRepository.For<Session>())
        .Add(InMemoryRepository.For<AuthToken>())
        .Add<AuthFeature>();
}
