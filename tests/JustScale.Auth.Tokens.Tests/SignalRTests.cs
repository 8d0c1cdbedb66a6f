using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace JustScale.Auth.Tokens.Tests;

/// <summary>A SignalR hub with [Authorize] over the "JustScale" scheme: sessions and access tokens connect, and the
/// connection is closed when the session is revoked.</summary>
[TestFixture]
public sealed class SignalRTests
{
    private TokensApp _app = null!;

    [OneTimeSetUp]
    public async Task Start() => _app = await TokensApp.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private HubConnection Connect(string? token, HttpTransportType transport = HttpTransportType.WebSockets) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(_app.Url, "/hub"), options =>
            {
                options.Transports = transport;
                options.AccessTokenProvider = () => Task.FromResult(token);
            })
            .Build();

    [TestCase(HttpTransportType.WebSockets)]
    [TestCase(HttpTransportType.ServerSentEvents)]
    public async Task Hub_SessionToken_ConnectsAsTheUser_ClosedWhenSessionRevoked(HttpTransportType transport)
    {
        var (user, token, session) = await _app.SignUpAsync();
        await using var connection = Connect(token, transport);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        await connection.StartAsync();
        Assert.That(await connection.InvokeAsync<string>("Whoami"), Is.EqualTo(user.Email));

        var since = System.Diagnostics.Stopwatch.GetTimestamp();
        Assert.That(await _app.Service<SessionService>().RevokeAsync(session.Id), Is.True);
        var finished = await Task.WhenAny(closed.Task, Task.Delay(TimeSpan.FromSeconds(30))); // an upper limit: closed in milliseconds
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(since);
        Assert.That(finished, Is.SameAs(closed.Task), "the hub connection stayed open after its session was revoked");
        Assert.That(connection.State, Is.EqualTo(HubConnectionState.Disconnected));
        TestContext.Progress.WriteLine($"SignalR ({transport}) closed {elapsed.TotalMilliseconds:F1} ms after the revocation");
        Assert.ThrowsAsync<HttpRequestException>(() => Connect(token, transport).StartAsync());
    }

    [Test]
    public async Task Hub_AccessToken_ConnectsAsTheUser()
    {
        var (user, token, _) = await _app.SignUpAsync();
        await using var connection = Connect(await _app.AccessTokenAsync(token));
        await connection.StartAsync();
        Assert.That(await connection.InvokeAsync<string>("Whoami"), Is.EqualTo(user.Email));
    }

    [Test]
    public void Hub_WithoutToken_Refused401()
    {
        var refused = Assert.ThrowsAsync<HttpRequestException>(() => Connect(null).StartAsync());
        Assert.That(refused!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
