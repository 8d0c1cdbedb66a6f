using System.Net;
using System.Net.Sockets;
using System.Text;
using JustScale.Core;
using JustScale.Http.Tests.Support;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Hosting;

[TestFixture]
public sealed class ServerTests
{
    private static Controller Echo() => Controller.Create("", () => new()
    {
        ["echo"] = Get("/echo/:n").Handle(async ctx =>
        {
            await Task.Delay(Random.Shared.Next(1, 20), ctx.RequestAborted);
            ctx.Res.Json(new { n = int.Parse(ctx.Params["n"], System.Globalization.CultureInfo.InvariantCulture) });
        }),
        ["ip"] = Get("/ip").Handle(ctx => ctx.Res.Json(new { ip = ctx.ClientIp })),
    });

    [Test]
    public async Task Listen_PortZero_ReportsThePickedPortAndUrl()
    {
        await using var server = await LiveServer.StartAsync(Echo());

        Assert.That(server.Server.Port, Is.InRange(1, 65535));
        Assert.That(server.Server.Url, Is.EqualTo(new Uri($"http://localhost:{server.Server.Port}/")));
        using var response = await server.Client.GetAsync("/ip");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Listen_ExplicitIpv4Host_ReportsItInUrl()
    {
        await using var server = await LiveServer.StartAsync(b => b.Add(Echo()), new ListenOptions { Host = "127.0.0.1", Port = 0 });

        Assert.That(server.Server.Url, Is.EqualTo(new Uri($"http://127.0.0.1:{server.Server.Port}/")));
    }

    [Test]
    public async Task Listen_ClusterNotCompiled_ThrowsWithAHint()
    {
        await using var cluster = new ClusterBuilder().Add(Echo()).Build();

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => HttpHost.Listen(cluster, new ListenOptions { Port = 0 }));

        Assert.That(error!.Message, Does.Contain("CompileAsync()"));
    }

    [Test]
    public async Task Listen_PortAlreadyInUse_ThrowsJustScaleException()
    {
        await using var first = await LiveServer.StartAsync(b => b.Add(Echo()), new ListenOptions { Host = "127.0.0.1", Port = 0 });
        await using var cluster = new ClusterBuilder().Add(Echo()).Build();
        await cluster.CompileAsync();

        var error = Assert.ThrowsAsync<JustScaleException>(() => HttpHost.Listen(cluster, new ListenOptions { Host = "127.0.0.1", Port = first.Server.Port }));

        Assert.That(error!.Message, Does.StartWith($"Cannot listen on 127.0.0.1:{first.Server.Port}"));
    }

    [TestCase("example.com")]
    [TestCase("")]
    public async Task Listen_HostThatIsNotAnAddress_Throws(string host)
    {
        await using var cluster = new ClusterBuilder().Build();
        await cluster.CompileAsync();

        Assert.ThrowsAsync<ArgumentException>(() => HttpHost.Listen(cluster, new ListenOptions { Host = host, Port = 0 }));
    }

    [Test]
    public async Task Requests_HundredConcurrent_AreAllAnsweredWithTheirOwnData()
    {
        await using var server = await LiveServer.StartAsync(Echo());

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(async n =>
        {
            using var response = await server.Client.GetAsync(new Uri($"/echo/{n}", UriKind.Relative));
            return (response.StatusCode, Body: await response.ReadTextAsync());
        }));

        Assert.That(answers.Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(answers.Select(a => a.Body), Is.EqualTo(Enumerable.Range(0, 100).Select(n => $$"""{"n":{{n}}}""")));
    }

    [Test]
    public async Task StopAsync_RequestInFlight_FinishesItThenRefusesConnections()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var controller = Controller.Create("", () => new()
        {
            ["slow"] = Get("/slow").Handle(async ctx =>
            {
                entered.SetResult();
                await release.Task;
                ctx.Res.Json(new { finished = true });
            }),
        });
        await using var server = await LiveServer.StartAsync(controller);
        var inFlight = server.Client.GetAsync("/slow");
        await entered.Task;

        var stopping = server.Server.StopAsync();
        await Task.Delay(100);
        var stoppedEarly = stopping.IsCompleted;
        release.SetResult();
        using var response = await inFlight;
        await stopping;

        Assert.That(stoppedEarly, Is.False);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"finished":true}"""));
        using var fresh = new HttpClient();
        Assert.ThrowsAsync<HttpRequestException>(() => fresh.GetAsync(new Uri(server.Server.Url, "/slow")));
    }

    [Test]
    public async Task WaitForShutdownAsync_ServerStoppedElsewhere_Completes()
    {
        await using var server = await LiveServer.StartAsync(Echo());
        var waiting = server.Server.WaitForShutdownAsync();

        await server.Server.StopAsync();

        Assert.That(await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(30))), Is.SameAs(waiting));
    }

    [Test]
    public async Task WaitForShutdownAsync_TokenCancelled_StopsWaitingAndKeepsServing()
    {
        await using var server = await LiveServer.StartAsync(Echo());
        using var cancel = new CancellationTokenSource();
        var waiting = server.Server.WaitForShutdownAsync(cancel.Token);

        await cancel.CancelAsync();

        Assert.ThrowsAsync<TaskCanceledException>(() => waiting);
        using var response = await server.Client.GetAsync("/ip");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task DisposeAsync_CalledTwice_DoesNothingTheSecondTime()
    {
        var server = await LiveServer.StartAsync(Echo());
        await server.Server.DisposeAsync();

        Assert.DoesNotThrowAsync(async () => await server.Server.DisposeAsync());
        await server.DisposeAsync();
    }

    [Test]
    public async Task ClientIp_NoTrustedProxies_IsThePeerAndIgnoresForwardedFor()
    {
        await using var server = await LiveServer.StartAsync(Echo());

        var ip = await ClientIpAsync(server, "203.0.113.7");

        Assert.That(ip, Is.EqualTo("127.0.0.1"));
    }

    [Test]
    public async Task ClientIp_PeerIsTrustedProxy_IsTheRightmostUntrustedForwardedAddress()
    {
        await using var server = await LiveServer.StartAsync(b => b.Add(Echo()), new ListenOptions { Port = 0, TrustedProxies = ["127.0.0.1", "10.0.0.0/8"] });

        var ip = await ClientIpAsync(server, "198.51.100.1, 203.0.113.7, 10.1.2.3");

        Assert.That(ip, Is.EqualTo("203.0.113.7"));
    }

    [Test]
    public async Task ClientIp_ForwardedEntryIsGarbage_FallsBackToThePeer()
    {
        await using var server = await LiveServer.StartAsync(b => b.Add(Echo()), new ListenOptions { Port = 0, TrustedProxies = ["127.0.0.1"] });

        var ip = await ClientIpAsync(server, "not-an-ip");

        Assert.That(ip, Is.EqualTo("127.0.0.1"));
    }

    [Test]
    public async Task ClientIp_PeerTrustedButNoHeader_IsThePeer()
    {
        await using var server = await LiveServer.StartAsync(b => b.Add(Echo()), new ListenOptions { Port = 0, TrustedProxies = ["127.0.0.1"] });

        var ip = await ClientIpAsync(server, forwardedFor: null);

        Assert.That(ip, Is.EqualTo("127.0.0.1"));
    }

    [Test]
    public void Listen_TrustedProxyThatIsNotAnAddress_Throws()
    {
        Assert.ThrowsAsync<ArgumentException>(() => LiveServer.StartAsync(b => b.Add(Echo()), new ListenOptions { Port = 0, TrustedProxies = ["proxy.local"] }));
    }

    [Test]
    public async Task RequestHeaders_OverTheLimit_Returns431()
    {
        await using var server = await LiveServer.StartAsync(b => b.Add(Echo()), new ListenOptions { Port = 0, MaxRequestHeadersTotalSize = 4096 });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ip");
        request.Headers.Add("X-Big", new string('x', 5000));

        using var response = await server.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestHeaderFieldsTooLarge));
    }

    [Test]
    public async Task RequestHeaders_SentTooSlowly_ConnectionIsClosed()
    {
        await using var server = await LiveServer.StartAsync(b => b.Add(Echo()), new ListenOptions { Port = 0, RequestHeadersTimeout = TimeSpan.FromSeconds(1) });
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /ip HTTP/1.1\r\nHost: localhost\r\nX-Slow: "));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var answer = await new StreamReader(stream).ReadToEndAsync(timeout.Token);

        Assert.That(answer, Does.StartWith("HTTP/1.1 408"));
    }

    private static async Task<string?> ClientIpAsync(LiveServer server, string? forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ip");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await server.Client.SendAsync(request);
        return (string?)(await response.ReadJsonAsync())?["ip"];
    }
}
