using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using JustScale.Testing;

namespace JustScale.Examples.Tests;

/// <summary>The bar, as a user would run it: the example on PostgreSQL, one webhook endpoint from environment
/// variables, a receiver that answers 500 to the first two deliveries, and a restart of the example in between.</summary>
[TestFixture]
public sealed class AuditWebhooksProcessTests
{
    private const string Agent = "AuditBar/1.0 (test)";

    [Test]
    public async Task Example_PostgresWebhookAndRestart_ActivityListsLoginsAndRegistrationWebhookArrivesSignedWithOneId()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync("auditbar");
        await using var receiver = await WebhookReceiver.StartAsync(failures: 2);
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var environment = new Dictionary<string, string>
        {
            ["JustScale__Webhooks__Endpoints__0__Url"] = receiver.Url.ToString(),
            ["JustScale__Webhooks__Endpoints__0__Secret"] = secret,
            ["JustScale__Webhooks__RetryDelays__0"] = "00:00:01", // seconds, not the default minutes and hours
            ["JustScale__Webhooks__RetryDelays__1"] = "00:00:01",
            ["JustScale__Webhooks__RetryDelays__2"] = "00:00:01",
            ["JustScale__Webhooks__PollInterval"] = "00:00:00.200",
        };

        string token;
        await using (var first = await ExampleProcess.StartAsync(database.ConnectionString, environment))
        {
            using var client = new ApiClient(first.Url);
            await client.RegisterAsync("bar@example.com", userAgent: Agent);
            var (failed, _) = await client.SendAsync(HttpMethod.Post, "/auth/login", new { email = "bar@example.com", password = "not the password" }, userAgent: Agent);
            Assert.That(failed, Is.EqualTo(HttpStatusCode.Unauthorized));
            token = await client.LoginAsync("bar@example.com", userAgent: Agent);
            await receiver.CountAsync(2).WaitAsync(TimeSpan.FromSeconds(30)); // the first two deliveries, answered 500
            Assert.That(await first.StopAsync(), Is.Zero, first.Output);
        }

        await using var second = await ExampleProcess.StartAsync(database.ConnectionString, environment);
        using (var client = new ApiClient(second.Url))
        {
            var (status, activity) = await client.GetAsync("/account/activity", token);
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), activity.ToString());
            var items = activity.GetProperty("items").EnumerateArray().ToList();
            var types = items.Select(i => i.GetProperty("type").GetString()).ToList();
            Assert.That(types, Is.SupersetOf(new[] { "auth.registered", "auth.login_failed", "auth.login_succeeded" }));
            Assert.That(types.IndexOf("auth.login_succeeded"), Is.LessThan(types.IndexOf("auth.login_failed")), "newest first");
            foreach (var item in items.Where(i => i.GetProperty("type").GetString() is "auth.registered" or "auth.login_failed" or "auth.login_succeeded"))
            {
                Assert.That(item.GetProperty("occurredAt").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(5)));
                Assert.That(item.GetProperty("ipAddress").GetString(), Is.EqualTo("127.0.0.1"));
                Assert.That(item.GetProperty("userAgent").GetString(), Is.EqualTo(Agent));
            }
        }

        var accepted = await receiver.AcceptedAsync(r => r.Type == "auth.registered").WaitAsync(TimeSpan.FromSeconds(60));
        var registration = receiver.Received.Where(r => r.Type == "auth.registered").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(registration, Has.Count.GreaterThanOrEqualTo(2), "refused at least once, then delivered again");
            Assert.That(registration.Select(r => r.Id).Distinct(), Is.EqualTo(new[] { accepted.Id }), "one webhook-id across the retries");
            Assert.That(registration[0].Status, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(registration.All(r => WebhookVerifier.IsAuthentic(secret, r.Id, r.Timestamp, r.Signature, r.Body, DateTimeOffset.UtcNow)), Is.True);
            Assert.That(WebhookVerifier.IsAuthentic(secret, accepted.Id, accepted.Timestamp, accepted.Signature, accepted.Body.Replace("bar", "baz", StringComparison.Ordinal) + " ", DateTimeOffset.UtcNow), Is.False);
            using var body = JsonDocument.Parse(accepted.Body);
            Assert.That(body.RootElement.GetProperty("id").GetString(), Is.EqualTo(accepted.Id));
            Assert.That(body.RootElement.GetProperty("specversion").GetString(), Is.EqualTo("1.0"));
            Assert.That(accepted.Body, Does.Not.Contain("bar@example.com"));
        });
    }
}
