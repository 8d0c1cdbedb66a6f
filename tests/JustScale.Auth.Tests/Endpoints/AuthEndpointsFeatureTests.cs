using JustScale.Core;

namespace JustScale.Auth.Tests.Endpoints;

/// <summary>The mistakes a new user makes with AuthEndpointsFeature fail where they are made, naming the fix.</summary>
[TestFixture]
public sealed class AuthEndpointsFeatureTests
{
    [Test]
    public void Build_WithoutAnAuthTokenRepository_NamesIt()
    {
        var builder = new ClusterBuilder()
            .Add(InMemoryRepository.For<User>())
            .Add(InMemoryRepository.For<Session>())
            .Add<AuthFeature>()
            .Add(new AuthEndpointsFeature());

        var error = Assert.Throws<DependencyException>(() => builder.Build())!;

        Assert.That(error.Missing.Select(m => m.RequiredType), Does.Contain(typeof(IRepository<AuthToken>)));
        Assert.That(error.Message, Does.Contain("Feature: AuthEndpointsFeature requires:"));
    }

    [Test]
    public void Build_WithoutAuthFeature_NamesTheServicesItNeeds()
    {
        var builder = new ClusterBuilder()
            .Add(InMemoryRepository.For<AuthToken>())
            .Add(new AuthEndpointsFeature());

        var error = Assert.Throws<DependencyException>(() => builder.Build())!;

        Assert.That(error.Missing.Select(m => m.RequiredType), Is.SupersetOf(new[] { typeof(UserService), typeof(SessionService) }));
    }

    [TestCase("")]
    [TestCase("ftp://files.example")]
    public void Options_BadPrefixOrPublicUrl_FailWhereTheFeatureIsConfigured(string publicUrl)
    {
        Assert.That(
            () => new AuthEndpointsFeature(options =>
            {
                if (publicUrl.Length == 0)
                {
                    options.Prefix = " ";
                }
                else
                {
                    options.PublicUrl = new Uri(publicUrl);
                }
            }),
            Throws.InstanceOf<ArgumentException>());
    }
}
