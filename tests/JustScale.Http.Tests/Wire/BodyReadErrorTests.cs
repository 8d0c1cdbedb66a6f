using System.Net;
using System.Net.Sockets;
using System.Text;
using JustScale.Http.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Wire;

/// <summary>A body that cannot be read (broken chunked framing) is the client's fault: 400 JSON, a Debug line without a stack trace, never 500.</summary>
[TestFixture("Listen")]
[TestFixture("Hosted")]
public sealed class BodyReadErrorTests(string style)
{
    private ITestServer? _live;

    private ITestServer Server => _live ?? throw new InvalidOperationException("The server is not started.");

    [OneTimeSetUp]
    public async Task StartAsync() => _live = await TestServers.StartAsync(style, Controller.Create("", () => new()
    {
        ["echo"] = Post("/echo").Handle(ctx => ctx.Res.Json(new { bound = ctx.Body<Filter>().Limit })),
    }));

    [OneTimeTearDown]
    public async Task StopAsync() => await Server.DisposeAsync();

    [TestCase("ffffffffffffffffff", TestName = "Post_BrokenChunkedBody_Returns400BadRequest(chunk size overflows)")]
    [TestCase("zz", TestName = "Post_BrokenChunkedBody_Returns400BadRequest(chunk size not hex)")]
    public async Task Post_BrokenChunkedBody_Returns400BadRequest(string chunkSize)
    {
        var answer = await SendAsync(
            $"POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{chunkSize}\r\n{{}}\r\n0\r\n\r\n");

        Assert.That(answer, Does.StartWith("HTTP/1.1 400 Bad Request\r\n"));
        Assert.That(answer, Does.EndWith("""{"error":"Bad Request"}"""));
    }

    [Test]
    public async Task Post_ChunkSizeOverflow_LogsAtDebugWithoutException()
    {
        var before = Server.Logs.Count;

        await SendAsync("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n{}\r\n0\r\n\r\n");

        var logged = Server.Logs.GetSnapshot().Skip(before).Where(e => e.Category?.StartsWith("JustScale", StringComparison.Ordinal) == true).ToList();
        Assert.That(logged, Has.Some.Matches<FakeLogRecord>(e => e.Level == LogLevel.Debug && e.Message.Contains("POST /echo", StringComparison.Ordinal)));
        Assert.That(logged, Has.All.Matches<FakeLogRecord>(e => e.Level <= LogLevel.Debug && e.Exception is null));
    }

    private async Task<string> SendAsync(string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Server.Client.BaseAddress!.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await new StreamReader(stream).ReadToEndAsync(timeout.Token);
    }
}
