using System.Net;
using System.Net.Sockets;
using System.Text;
using JustScale.Core;
using JustScale.Http.Tests.Support;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Wire;

/// <summary>Bodies are read only when wanted (issue 25): a route taking none refuses one unread; a route behind a middleware
/// reads its body after it; the bodies in flight share one process-wide budget (503 + Retry-After past it).</summary>
[TestFixture]
public sealed class DeferredBodyTests
{
    private const int Budget = 64 * 1024;

    private static readonly Middleware<IRequestContext, IRequestContext> Deny =
        _ => throw new JustScaleException("Unauthorized", 401);

    private static Controller Routes() => Controller.Create("", () => new()
    {
        ["none"] = Post("/none").MaxBodySize(0).Handle(ctx => ctx.Res.Json(new { ok = true })),
        ["denied"] = Post("/denied").Use(Deny).Body<Filter>().Handle(ctx => ctx.Res.Json(new { bound = ctx.Body.Limit })),
        ["open"] = Post("/open").MaxBodySize(1024 * 1024).Body<Filter>().Handle(ctx => ctx.Res.Json(new { bound = ctx.Body.Limit })),
    });

    private static Task<LiveServer> StartAsync() =>
        LiveServer.StartAsync(builder => builder.Add(Routes()), new ListenOptions { Port = 0, MaxBodyBytesInFlight = Budget });

    [Test]
    public async Task Post_BodyOnRouteTakingNone_Returns413BeforeTheBodyIsSent()
    {
        await using var server = await StartAsync();

        var answer = await SendHeadersOnlyAsync(server, "/none", contentLength: (1024 * 1024) - 1);

        Assert.That(answer, Does.StartWith("HTTP/1.1 413 Payload Too Large\r\n"));
        Assert.That(answer, Does.Contain("Connection: close"));
        Assert.That(answer, Does.EndWith("""{"error":"This route takes no request body","code":"body_not_allowed"}"""));
    }

    [Test]
    public async Task Post_NoBodyOnRouteTakingNone_IsServed()
    {
        await using var server = await StartAsync();

        using var response = await server.Client.PostAsync("/none", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Post_MiddlewareRefuses_AnswersBeforeTheBodyIsSent()
    {
        await using var server = await StartAsync();

        var answer = await SendHeadersOnlyAsync(server, "/denied", contentLength: 1000);

        Assert.That(answer, Does.StartWith("HTTP/1.1 401 Unauthorized\r\n"));
    }

    [Test]
    public async Task Post_BodiesBeyondTheBudget_Returns503WithRetryAfter()
    {
        await using var server = await StartAsync();
        var body = Encoding.UTF8.GetString(Support.Http.JsonOfSize(40 * 1024));

        // The first client's body is partly sent and then stalls: its buffer holds a share of the budget.
        using var first = new TcpClient();
        await first.ConnectAsync(IPAddress.Loopback, server.Server.Port);
        await first.GetStream().WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /open HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body[..(33 * 1024)]}"));

        // The second needs more than what is left, once the server has read what the first sent (reading is event-driven:
        // ask until it is refused, a few seconds at most).
        var second = await server.Client.PostAsync("/open", Support.Http.JsonBytes(Support.Http.JsonOfSize(40 * 1024)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (second.StatusCode == HttpStatusCode.OK && !timeout.IsCancellationRequested)
        {
            second.Dispose();
            await Task.Delay(20, CancellationToken.None);
            second = await server.Client.PostAsync("/open", Support.Http.JsonBytes(Support.Http.JsonOfSize(40 * 1024)));
        }

        using var refused = second;
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(await refused.ReadTextAsync(), Is.EqualTo("""{"error":"Service Unavailable","code":"body_budget_exhausted"}"""));

        // Once the first body is complete and handled, its share is given back.
        await first.GetStream().WriteAsync(Encoding.ASCII.GetBytes(body[(33 * 1024)..]));
        var answer = await new StreamReader(first.GetStream()).ReadLineAsync();
        Assert.That(answer, Is.EqualTo("HTTP/1.1 200 OK"));
        using var third = await server.Client.PostAsync("/open", Support.Http.JsonBytes(Support.Http.JsonOfSize(40 * 1024)));
        Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static async Task<string> SendHeadersOnlyAsync(LiveServer server, string path, int contentLength)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {contentLength}\r\n\r\n{{"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reader = new StreamReader(stream);
        var answer = new StringBuilder();
        var buffer = new char[4096];
        while (!answer.ToString().EndsWith('}'))
        {
            var read = await reader.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            answer.Append(buffer, 0, read);
        }

        return answer.ToString();
    }
}
