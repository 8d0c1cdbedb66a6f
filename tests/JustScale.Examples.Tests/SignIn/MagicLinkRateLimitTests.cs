using System.Net;
using CompleteExample;
using Microsoft.AspNetCore.Builder;

namespace JustScale.Examples.Tests.SignIn;

/// <summary>Limits link requests per email (5 per hour) and per client IP, with the example's default limits on.</summary>
[TestFixture]
public sealed class MagicLinkRateLimitTests
{
    private WebApplication _app = null!;
    private ApiClient _client = null!;

    [OneTimeSetUp]
    public async Task StartExample()
    {
        _app = ExampleHost.Build(["--port", "0"]);
        await _app.StartAsync();
        _client = new ApiClient(new Uri(_app.Urls.First()));
    }

    [OneTimeTearDown]
    public async Task StopExample()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Test]
    public async Task MagicLink_SixthRequestForOneEmailWithinAnHour_TooManyRequests()
    {
        var email = $"flood-{Guid.NewGuid():N}@example.com";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await _client.PostAsync("/auth/magic-link", new { email = i % 2 == 0 ? email : email.ToUpperInvariant() })).Status);
        }

        var (other, _) = await _client.PostAsync("/auth/magic-link", new { email = $"other-{Guid.NewGuid():N}@example.com" });

        Assert.That(statuses, Is.EqualTo(Enumerable.Repeat(HttpStatusCode.Accepted, 5).Append(HttpStatusCode.TooManyRequests)), "per normalised email");
        Assert.That(other, Is.EqualTo(HttpStatusCode.Accepted), "another address is not held back by it");
    }
}
