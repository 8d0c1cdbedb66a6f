using System.Net;
using System.Security.Authentication;
using JustScale.Core;
using JustScale.Http.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Security;

/// <summary>Serves HTTPS on Kestrel with a certificate generated in the test, and the optional HSTS header.</summary>
[TestFixture]
public sealed class TlsTests
{
    private TestCertificates _certificates = null!;

    private static Controller Hello { get; } = Controller.Create("", () => new()
    {
        ["hello"] = Get("/hello").Handle(ctx => ctx.Res.Json(new { https = ctx.HttpContext.Request.IsHttps })),
    });

    [OneTimeSetUp]
    public void CreateCertificate() => _certificates = TestCertificates.Create();

    [OneTimeTearDown]
    public void DeleteCertificate() => _certificates.Dispose();

    [Test]
    public async Task Listen_PemFiles_ServesHttpsWithThatCertificate()
    {
        await using var server = await LiveServer.StartAsync(b => b.Add(Hello),
            new ListenOptions { Port = 0, Https = HttpsOptions.FromPemFiles(_certificates.CertificatePemPath, _certificates.KeyPemPath) });
        using var client = _certificates.TrustingClient(server.Server.Url);

        using var response = await client.GetAsync("/hello");

        Assert.That(server.Server.Url.Scheme, Is.EqualTo("https"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"https":true}"""));
    }

    [Test]
    public async Task Listen_PfxFile_ServesHttp2OverTls()
    {
        await using var server = await LiveServer.StartAsync(b => b.Add(Hello),
            new ListenOptions { Port = 0, Https = HttpsOptions.FromPfxFile(_certificates.PfxPath, TestCertificates.PfxPassword) });
        using var client = _certificates.TrustingClient(server.Server.Url);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hello") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Version, Is.EqualTo(HttpVersion.Version20));
    }

    [Test]
    public async Task Listen_Https_PlainHttpClientGetsNoAnswer()
    {
        await using var server = await LiveServer.StartAsync(b => b.Add(Hello),
            new ListenOptions { Port = 0, Https = HttpsOptions.FromCertificate(_certificates.Certificate) });
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        Assert.That(async () => await plain.GetAsync(new Uri($"http://localhost:{server.Server.Port}/hello")), Throws.InstanceOf<HttpRequestException>());
    }

    [Test]
    public async Task Listen_Https_ClientThatDoesNotTrustTheCertificateRefuses()
    {
        await using var server = await LiveServer.StartAsync(b => b.Add(Hello),
            new ListenOptions { Port = 0, Https = HttpsOptions.FromCertificate(_certificates.Certificate) });

        var error = Assert.ThrowsAsync<HttpRequestException>(() => server.Client.GetAsync("/hello"));

        Assert.That(error!.InnerException, Is.InstanceOf<AuthenticationException>());
    }

    [Test]
    public async Task Hsts_OverHttps_SendsTheHeader()
    {
        await using var server = await LiveServer.StartAsync(b => b.Add(Hello), new ListenOptions
        {
            Port = 0,
            Https = HttpsOptions.FromCertificate(_certificates.Certificate),
            ConfigureHsts = hsts =>
            {
                hsts.MaxAge = TimeSpan.FromDays(180);
                hsts.IncludeSubDomains = true;
            },
        });
        using var client = _certificates.TrustingClient(server.Server.Url);

        using var response = await client.GetAsync("/hello");
        using var notFound = await client.GetAsync("/nowhere");

        Assert.That(response.Headers.GetValues("Strict-Transport-Security"), Is.EqualTo(new[] { "max-age=15552000; includeSubDomains" }));
        Assert.That(notFound.Headers.Contains("Strict-Transport-Security"), Is.True);
    }

    [Test]
    public async Task Hsts_OverPlainHttp_OnlyWhenATrustedProxySaysHttps()
    {
        await using var server = await LiveServer.StartAsync(b => b.Add(Hello),
            new ListenOptions { Port = 0, TrustedProxies = ["127.0.0.1"] });
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/hello");
        forwarded.Headers.Add("X-Forwarded-Proto", "https");
        using var forwardedPlain = new HttpRequestMessage(HttpMethod.Get, "/hello"); // the client said https, the proxy saw http
        forwardedPlain.Headers.Add("X-Forwarded-For", "203.0.113.7");
        forwardedPlain.Headers.Add("X-Forwarded-Proto", "https, http");

        using var direct = await server.Client.GetAsync("/hello");
        using var viaProxy = await server.Client.SendAsync(forwarded);
        using var viaPlainProxy = await server.Client.SendAsync(forwardedPlain);

        Assert.That(direct.Headers.Contains("Strict-Transport-Security"), Is.False);
        Assert.That(viaProxy.Headers.GetValues("Strict-Transport-Security"), Is.EqualTo(new[] { "max-age=31536000" }));
        Assert.That(viaPlainProxy.Headers.Contains("Strict-Transport-Security"), Is.False);
    }

    [Test]
    public async Task Hsts_ListenInDevelopment_NotSentOverHttps()
    {
        var development = new ConfigurationBuilder().AddInMemoryCollection([new("ASPNETCORE_ENVIRONMENT", "Development")]).Build();
        await using var server = await LiveServer.StartAsync(
            b => b.Add(Hello).ConfigureServices(services => services.AddSingleton<IConfiguration>(development)),
            new ListenOptions { Port = 0, Https = HttpsOptions.FromCertificate(_certificates.Certificate) });
        using var client = _certificates.TrustingClient(server.Server.Url);

        using var response = await client.GetAsync("/hello");

        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"https":true}"""));
        Assert.That(response.Headers.Contains("Strict-Transport-Security"), Is.False);
    }

    [Test]
    public async Task Hsts_ForwardedProtoFromAnUntrustedPeer_Ignored()
    {
        await using var server = await LiveServer.StartAsync(b => b.Add(Hello), new ListenOptions { Port = 0 });
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/hello");
        forged.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await server.Client.SendAsync(forged);

        Assert.That(response.Headers.Contains("Strict-Transport-Security"), Is.False);
    }

    [Test]
    public void Listen_WrongPfxPassword_FailsNamingTheFileNotThePassword()
    {
        var error = Assert.ThrowsAsync<JustScaleException>(() => LiveServer.StartAsync(b => b.Add(Hello),
            new ListenOptions { Port = 0, Https = HttpsOptions.FromPfxFile(_certificates.PfxPath, "not-the-password") }));

        Assert.That(error!.Message, Does.Contain(_certificates.PfxPath).And.Not.Contain("not-the-password"));
    }

    [Test]
    public void Listen_MissingKeyFile_FailsNamingTheCertificate()
    {
        var error = Assert.ThrowsAsync<JustScaleException>(() => LiveServer.StartAsync(b => b.Add(Hello),
            new ListenOptions { Port = 0, Https = HttpsOptions.FromPemFiles(_certificates.CertificatePemPath, _certificates.KeyPemPath + ".missing") }));

        Assert.That(error!.Message, Does.StartWith($"Cannot load the TLS certificate from {_certificates.CertificatePemPath}"));
    }

    [Test]
    public void Listen_CertificateWithoutPrivateKey_Fails()
    {
        using var publicOnly = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(_certificates.Certificate.RawData);

        var error = Assert.ThrowsAsync<JustScaleException>(() => LiveServer.StartAsync(b => b.Add(Hello),
            new ListenOptions { Port = 0, Https = HttpsOptions.FromCertificate(publicOnly) }));

        Assert.That(error!.Message, Does.Contain("no private key"));
    }
}
