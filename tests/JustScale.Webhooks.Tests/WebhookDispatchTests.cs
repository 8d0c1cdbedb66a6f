using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using JustScale.Auth;
using JustScale.Core;
using JustScale.Http;
using JustScale.Testing;

namespace JustScale.Webhooks.Tests;

/// <summary>Tests delivery over real HTTP: two instances on one PostgreSQL database, retries with one id, dead letters and their redelivery.</summary>
[TestFixture]
public sealed class WebhookDispatchTests
{
    private static readonly string Secret = WebhookSignature.NewSecret();

    [Test]
    public async Task Dispatchers_TwoInstancesOnOneDatabase_DeliverEachMessageOnceNeverAtTheSameTime()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync("webhooks2");
        await using var receiver = await ConcurrentReceiver.StartAsync(hold: TimeSpan.FromMilliseconds(30));
        Action<WebhooksOptions> configure = options =>
        {
            options.Endpoints.Add(new WebhookEndpointOptions { Url = receiver.Url.ToString(), Secret = Secret });
            options.PollInterval = TimeSpan.FromMilliseconds(20);
            options.BatchSize = 4;
        };
        await using var first = await WebhookCluster.StartAsync(database.ConnectionString, configure);
        await using var second = await WebhookCluster.StartAsync(database.ConnectionString, configure);
        const int messages = 60;

        // One commit writes every outbox row; both instances then claim from the same table.
        var events = first.Resolve<AuthEvents>();
        await first.Resolve<IUnitOfWork>().RunAsync(async ct =>
        {
            for (var i = 0; i < messages; i++)
            {
                await events.RaiseAsync(AuthEventKind.UserEnabled, Guid.CreateVersion7(), cancellationToken: ct);
            }
        });
        await receiver.AcceptedAsync(messages).WaitAsync(TimeSpan.FromSeconds(60));

        var received = receiver.Received;
        Assert.Multiple(() =>
        {
            Assert.That(receiver.Overlaps, Is.Zero, "a message was being sent by two instances at once");
            Assert.That(received, Has.Count.EqualTo(messages), "each message once: every attempt was answered 200");
            Assert.That(received.Select(r => r.Id).Distinct().Count(), Is.EqualTo(messages));
            Assert.That(first.Resolve<WebhookDispatcher>().Attempts, Is.GreaterThan(0));
            Assert.That(second.Resolve<WebhookDispatcher>().Attempts, Is.GreaterThan(0), "the second instance claimed none: no sharing was shown");
            Assert.That(received.All(r => WebhookSignature.Verify(Secret, r.Id, long.Parse(r.Timestamp, System.Globalization.CultureInfo.InvariantCulture), r.Body, r.Signature)), Is.True);
        });
    }

    [Test]
    public async Task Dispatcher_EndpointFailsTwice_RetriesWithTheSameIdUntilDelivered([Values] bool postgres)
    {
        await using var database = postgres ? await TestPostgres.CreateDatabaseAsync("webhooksretry") : null;
        await using var receiver = await ConcurrentReceiver.StartAsync(hold: TimeSpan.Zero, failures: 2);
        await using var cluster = await WebhookCluster.StartAsync(database?.ConnectionString, options =>
        {
            options.Endpoints.Add(new WebhookEndpointOptions { Url = receiver.Url.ToString(), Secret = Secret, Events = ["auth.registered"] });
            options.RetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100)];
            options.PollInterval = TimeSpan.FromMilliseconds(20);
        });

        var user = await cluster.Resolve<UserService>().RegisterAsync("ada@example.com", "correct horse battery staple");
        await receiver.AcceptedAsync(1).WaitAsync(TimeSpan.FromSeconds(30));

        var received = receiver.Received;
        Assert.That(received.Select(r => r.Status), Is.EqualTo(new[] { 500, 500, 200 }));
        Assert.That(received.Select(r => r.Id).Distinct().Count(), Is.EqualTo(1));
        Assert.That(received.Select(r => r.Body).Distinct().Count(), Is.EqualTo(1), "the payload is fixed when written");
        using var body = JsonDocument.Parse(received[0].Body);
        Assert.That(body.RootElement.GetProperty("type").GetString(), Is.EqualTo("auth.registered"));
        Assert.That(body.RootElement.GetProperty("subject").GetString(), Is.EqualTo(user.Id.ToString()));
        Assert.That(body.RootElement.GetProperty("data").GetProperty("userId").GetGuid(), Is.EqualTo(user.Id));
        Assert.That(received[0].Body, Does.Not.Contain("ada@example.com"));
    }

    [Test]
    public async Task Dispatcher_LastAttemptFails_DeadLetterListedForAdminsAndRedelivered()
    {
        await using var receiver = await ConcurrentReceiver.StartAsync(hold: TimeSpan.Zero, failures: 2);
        await using var cluster = await WebhookCluster.StartAsync(null, options =>
        {
            options.Endpoints.Add(new WebhookEndpointOptions { Url = receiver.Url.ToString(), Secret = Secret, Events = ["auth.roles_changed"] });
            options.RetryDelays = [TimeSpan.FromMilliseconds(50)]; // two attempts in all
            options.PollInterval = TimeSpan.FromMilliseconds(20);
        }, auth => auth.Admins = ["admin@example.com"]);
        var users = cluster.Resolve<UserService>();
        var admin = await users.RegisterAsync("admin@example.com", "correct horse battery staple");
        var token = (await cluster.Resolve<SessionService>().CreateAsync(admin)).Token;
        var ada = await users.RegisterAsync("ada@example.com", "correct horse battery staple");
        await using var server = await HttpHost.Listen(cluster, new ListenOptions { Port = 0 });
        using var http = new HttpClient { BaseAddress = server.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        await users.SetRolesAsync(ada.Id, ["editor"]);
        var dead = await DeadLettersAsync(http, expected: 1);

        var item = dead.Single();
        Assert.That(item.GetProperty("type").GetString(), Is.EqualTo("auth.roles_changed"));
        Assert.That(item.GetProperty("attempts").GetInt32(), Is.EqualTo(2));
        Assert.That(item.GetProperty("lastError").GetString(), Is.EqualTo("HTTP 500"));
        using (var anonymous = new HttpClient { BaseAddress = server.Url })
        {
            Assert.That((await anonymous.GetAsync("/admin/webhooks/deliveries")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        using var redeliver = await http.PostAsync($"/admin/webhooks/deliveries/{item.GetProperty("id").GetGuid()}/redeliver", null);
        Assert.That(redeliver.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await receiver.AcceptedAsync(1).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(receiver.Received.Select(r => r.Id).Distinct().Single(), Is.EqualTo(item.GetProperty("messageId").GetString()));
        using var again = await http.PostAsync($"/admin/webhooks/deliveries/{Guid.NewGuid()}/redeliver", null);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public void Options_MalformedSecret_RefuseToStartNamingTheSetting()
    {
        var error = Assert.ThrowsAsync<JustScaleException>(async () =>
        {
            await using var cluster = await WebhookCluster.StartAsync(null, options =>
                options.Endpoints.Add(new WebhookEndpointOptions { Url = "http://127.0.0.1:9/hooks", Secret = "not-a-secret-value" }));
            cluster.Resolve<WebhooksOptions>();
        });
        Assert.That(error!.Message, Does.Contain("JustScale:Webhooks:Endpoints:0:Secret").And.Not.Contain("not-a-secret-value"));
        Assert.That(error.InnerException, Is.TypeOf<ArgumentException>());
    }

    [Test]
    public void Signature_StandardWebhooksVector_Matches()
    {
        // The example of the Standard Webhooks specification.
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var signature = WebhookSignature.Sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}""");

        Assert.That(signature, Is.EqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
        Assert.That(WebhookSignature.Verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}""", "v1,bm9ldmVu " + signature), Is.True);
        Assert.That(WebhookSignature.Verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265331, """{"test": 2432232314}""", signature), Is.False);
    }

    // The dead-lettering is written after the endpoint answered: the route is asked until it shows it (30 s at most, an upper limit).
    private static async Task<List<JsonElement>> DeadLettersAsync(HttpClient http, int expected)
    {
        var since = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            using var response = await http.GetAsync("/admin/webhooks/deliveries?status=dead");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var items = page.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()).ToList();
            if (items.Count >= expected || System.Diagnostics.Stopwatch.GetElapsedTime(since) > TimeSpan.FromSeconds(30))
            {
                return items;
            }

            await Task.Delay(50);
        }
    }
}
