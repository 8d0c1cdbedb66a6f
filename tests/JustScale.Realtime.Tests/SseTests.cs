using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using JustScale.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Realtime.Tests;

/// <summary>Server-sent event routes over real Kestrel: 401 without a session, events and heartbeats, closed on revocation, per-user limit.</summary>
[TestFixture]
public sealed class SseTests
{
    private RealtimeApp _app = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = await RealtimeApp.StartAsync(new RealtimeOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(100), MaxConnectionsPerUser = 2 });
        _http = new HttpClient { BaseAddress = _app.Url, Timeout = Timeout.InfiniteTimeSpan };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<HttpResponseMessage> OpenAsync(string token, string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/rt/sse" + query);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    [Test]
    public async Task Sse_WithoutSession_Unauthorized()
    {
        using var response = await _http.GetAsync("/rt/sse");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Sse_HandlerReturns_QueuedEventsSentThenStreamEnds()
    {
        var (user, session) = await _app.SignUpAsync();
        using var response = await OpenAsync(session.Token, "?count=3&end=1");
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(text, Does.Contain($"event: hello\ndata: {{\"email\":\"{user.Email}\"}}\n\n"));
        Assert.That(text, Does.Contain("id: 2\nevent: tick\ndata: {\"i\":2}\n\n"));
    }

    [Test]
    public async Task Sse_Idle_SendsHeartbeats_ThenClosedWithinBoundOfRevocation()
    {
        var (_, session) = await _app.SignUpAsync();
        using var response = await OpenAsync(session.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var pings = 0;
        while (pings < 2 && await reader.ReadLineAsync() is { } line)
        {
            pings += line == ": ping" ? 1 : 0;
        }

        Assert.That(pings, Is.EqualTo(2));
        var since = Stopwatch.GetTimestamp();
        await _app.Sessions.RevokeAsync(session.Id);
        using var timeout = new CancellationTokenSource(LatencyBound.Patience); // an upper limit: the revocation closes the stream, nothing else would
        while (await reader.ReadLineAsync(timeout.Token) is not null)
        {
        }

        // The 1 s bound (the 100 ms goal is reported) holds on a quiet machine: asserted in the full form, where a stall cannot fail it.
        LatencyBound.AssertSingle(Stopwatch.GetElapsedTime(since), TimeSpan.FromSeconds(1), "SSE closed after the revocation");
    }

    [TestCase("disable")]
    [TestCase("password")]
    public async Task Sse_UserDisabledOrPasswordChanged_StreamClosed(string change)
    {
        var (user, session) = await _app.SignUpAsync();
        using var response = await OpenAsync(session.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line && !line.StartsWith("data:", StringComparison.Ordinal))
        {
        }

        var users = _app.App.Services.GetRequiredService<JustScale.Auth.UserService>();
        if (change == "disable")
        {
            Assert.That(await users.DisableAsync(user.Id), Is.True);
        }
        else
        {
            Assert.That(await users.ChangePasswordAsync(user.Id, "another correct horse battery", keepSessionId: session.Id), Is.Not.Null);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // an upper limit: closed in milliseconds
        while (await reader.ReadLineAsync(timeout.Token) is not null)
        {
        }

        Assert.That(timeout.IsCancellationRequested, Is.False);
    }

    [Test]
    public async Task Sse_OverThePerUserLimit_TooManyRequests_FreedWhenOneCloses()
    {
        var (user, session) = await _app.SignUpAsync();
        var second = await _app.Sessions.CreateAsync(user);
        using var one = await OpenAsync(session.Token);
        using var two = await OpenAsync(second.Token);
        using (var three = await OpenAsync(session.Token))
        {
            Assert.That(three.StatusCode, Is.EqualTo((HttpStatusCode)429));
        }

        await _app.Sessions.RevokeAsync(second.Id); // closes `two`
        await (await two.Content.ReadAsStreamAsync()).CopyToAsync(Stream.Null);
        HttpResponseMessage? again = null;
        for (var attempt = 0; attempt < 50 && again?.StatusCode != HttpStatusCode.OK; attempt++)
        {
            again?.Dispose();
            again = await OpenAsync(session.Token); // the slot is given back as the handler returns, just after the stream ended
        }

        using (again)
        {
            Assert.That(again!.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }
}
