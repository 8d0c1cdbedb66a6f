using JustScale.Core;

namespace JustScale.Auth.SignIn.Tests;

/// <summary>Bad sign-in configuration stops the app at construction, naming the setting; Build() names a missing repository.</summary>
public sealed class SignInOptionsTests
{
    [TestCase("https://app.example/")]
    [TestCase("https://app.example/path")]
    [TestCase("app.example")]
    public void Passkeys_OriginNotAnOrigin_ThrowsNamingIt(string origin)
    {
        var e = Assert.Throws<ArgumentException>(() => _ = new SignInFeature(o => o.Passkeys = new PasskeyOptions { RelyingPartyId = "app.example", Origins = [origin] }));

        Assert.That(e!.Message, Does.Contain(origin));
    }

    [Test]
    public void Passkeys_NoRelyingPartyId_Throws()
    {
        Assert.Throws<ArgumentException>(() => _ = new SignInFeature(o => o.Passkeys = new PasskeyOptions { Origins = ["https://app.example"] }));
    }

    [Test]
    public void OAuth_HttpAuthorityOffLoopback_ThrowsNamingTheProvider()
    {
        var options = new OAuthOptions();
        options.Providers["corp"] = new OAuthProviderOptions { Authority = "http://login.corp.example", ClientId = "app" };

        var e = Assert.Throws<ArgumentException>(() => _ = new SignInFeature(o => o.OAuth = options));

        Assert.That(e!.Message, Does.Contain("corp").And.Contain("HTTPS"));
    }

    [Test]
    public void OAuth_HttpAuthorityOnLoopback_Accepted()
    {
        var options = new OAuthOptions();
        options.Providers["test"] = new OAuthProviderOptions { Authority = "http://localhost:4000", ClientId = "app" };

        Assert.DoesNotThrow(() => _ = new SignInFeature(o => o.OAuth = options));
    }

    [TestCase("bad name")]
    [TestCase("../x")]
    public void OAuth_ProviderNameNotAPathSegment_Throws(string name)
    {
        var options = new OAuthOptions();
        options.Providers[name] = new OAuthProviderOptions { Authority = "https://id.example", ClientId = "app" };

        Assert.Throws<ArgumentException>(() => _ = new SignInFeature(o => o.OAuth = options));
    }

    [Test]
    public void Build_PasskeysWithoutTheirRepository_NamesIt()
    {
        var builder = new ClusterBuilder()
            .Add(InMemoryRepository.For<User>())
            .Add(InMemoryRepository.For<Session>())
            .Add(InMemoryRepository.For<AuthToken>())
            .Add(InMemoryRepository.For<SignInCeremony>())
            .Add<AuthFeature>()
            .Add(new AuthEndpointsFeature())
            .Add(new SignInFeature(o => o.Passkeys = new PasskeyOptions { RelyingPartyId = "localhost", Origins = ["http://localhost:3000"] }));

        var e = Assert.Catch(() => builder.Build());

        Assert.That(e!.Message, Does.Contain(nameof(PasskeyCredential)));
    }
}
