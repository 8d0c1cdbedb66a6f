using System.Net;
using System.Net.Sockets;
using System.Text;
using JustScale.Http.Tests.Support;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Wire;

/// <summary>A route's own body limit (<c>.MaxBodySize(bytes)</c>) replaces the server's, lower or higher, wherever it stands in the chain.</summary>
[TestFixture("Listen")]
[TestFixture("Hosted")]
public sealed class RouteBodyLimitTests(string style)
{
    private const int Small = 100;

    private ITestServer? _live;

    private ITestServer Server => _live ?? throw new InvalidOperationException("The server is not started.");

    [OneTimeSetUp]
    public async Task StartAsync() => _live = await TestServers.StartAsync(style, Controller.Create("", () => new()
    {
        ["small"] = Post("/small").MaxBodySize(Small).Handle(ctx => ctx.Res.Json(new { bound = ctx.Body<Filter>().Limit })),
        ["smallAfterGuard"] = Post("/small-after-guard").Guard(_ => ValueTask.FromResult(true)).MaxBodySize(Small)
            .Handle(ctx => ctx.Res.Json(new { bound = ctx.Body<Filter>().Limit })),
        ["large"] = Post("/large").MaxBodySize(2 * 1024 * 1024).Handle(ctx => ctx.Res.Json(new { bound = ctx.Body<Filter>().Limit })),
        ["server"] = Post("/server").Handle(ctx => ctx.Res.Json(new { bound = ctx.Body<Filter>().Limit })),
    }));

    [OneTimeTearDown]
    public async Task StopAsync() => await Server.DisposeAsync();

    [TestCase("/small")]
    [TestCase("/small-after-guard")]
    public async Task Post_BodyAtRouteLimit_IsAccepted(string path)
    {
        using var response = await Server.Client.PostAsync(path, Support.Http.JsonBytes(Support.Http.JsonOfSize(Small)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"bound":20}"""));
    }

    [TestCase("/small")]
    [TestCase("/small-after-guard")]
    public async Task Post_BodyOneByteOverRouteLimit_Returns413(string path)
    {
        using var response = await Server.Client.PostAsync(path, Support.Http.JsonBytes(Support.Http.JsonOfSize(Small + 1)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"Payload Too Large"}"""));
    }

    [Test]
    public async Task Post_ChunkedBodyOverRouteLimit_Returns413()
    {
        using var response = await Server.Client.PostAsync("/small", Support.Http.Chunked(Support.Http.JsonOfSize(Small + 1)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task Post_RouteLimitAboveServerLimit_AcceptsBodyTheServerLimitWouldRefuse()
    {
        var body = Support.Http.JsonOfSize((1024 * 1024) + (512 * 1024));

        using var large = await Server.Client.PostAsync("/large", Support.Http.JsonBytes(body));
        using var chunked = await Server.Client.PostAsync("/large", Support.Http.Chunked(body));
        // The server route refuses the declared length at once and closes; HttpClient, still uploading, can see a broken
        // pipe before the answer, so this one is sent by hand and the answer read.
        var server = await DeclareAndReadAnswerAsync("/server", body.Length);

        Assert.That(large.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(chunked.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(server, Does.StartWith("HTTP/1.1 413 Payload Too Large\r\n"));
    }

    private async Task<string> DeclareAndReadAnswerAsync(string path, int length)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Server.Client.BaseAddress!.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n{{"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await new StreamReader(stream).ReadToEndAsync(timeout.Token);
    }

    [Test]
    public async Task Post_DeclaredMebibyteOnSmallRoute_Returns413AndClosesBeforeTheBodyIsSent()
    {
        var answer = await DeclareAndReadAnswerAsync("/small", 1048576);

        Assert.That(answer, Does.StartWith("HTTP/1.1 413 Payload Too Large\r\n"));
        Assert.That(answer, Does.Contain("Connection: close"));
    }

    [Test]
    public void MaxBodySize_Negative_Throws()
    {
        Assert.That(() => Post("/x").MaxBodySize(-1), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("bytes"));
    }
}
