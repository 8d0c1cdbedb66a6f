using System.Net;
using JustScale.Auth.Tests.Support;

namespace JustScale.Auth.Tests.SignIn;

/// <summary>The shipped login is rate limited by default: its own app, so no other test spends the address's allowance.</summary>
public sealed class SignInRateLimitTests
{
    private SignInApp _app = null!;

    [SetUp]
    public async Task Start() => _app = await SignInApp.StartAsync(StoreKind.InMemory);

    [TearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private static string NewEmail() => $"u-{Guid.NewGuid():N}@example.com";

    [Test]
    public async Task Login_TwentyFiveWrongFromOneAddress_MeetsA429()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 25; i++)
        {
            // A new email each time: the per-IP limit (20 a minute) is the one met, not the per-email one.
            statuses.Add((await _app.PostAsync("/auth/login", new { email = NewEmail(), password = "wrong password" })).Status);
        }

        Assert.That(statuses.Take(20), Is.All.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(statuses.Skip(20), Is.All.EqualTo(HttpStatusCode.TooManyRequests));
    }
}
