using System.Net;
using JustScale.Http.Tests.Support;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Security;

/// <summary>Serves the docs' HTTPS options and custom policy, so the snippets in docs/security.md keep working.</summary>
[TestFixture]
public sealed class SecureListenTests
{
    [Test]
    public async Task Https_AsDocumented_ServesTlsWithHstsAndTheSearchLimit()
    {
        using var certificates = TestCertificates.Create();
        var search = Controller.Create("", () => new()
        {
            ["search"] = Get("/search").RateLimit("search").Handle(ctx => ctx.Res.Json(new { results = Array.Empty<string>() })),
        });
        await using var server = await LiveServer.StartAsync(b => b.Add(search).Add(SecureListen.SearchPolicy),
            SecureListen.Https(0, certificates.CertificatePemPath, certificates.KeyPemPath));
        using var client = certificates.TrustingClient(server.Server.Url);

        using var response = await client.GetAsync("/search");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("Strict-Transport-Security"), Is.EqualTo(new[] { "max-age=31536000" }));
    }
}
