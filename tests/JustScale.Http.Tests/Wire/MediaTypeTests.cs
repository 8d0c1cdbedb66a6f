using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using JustScale.Http.Tests.Support;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Wire;

/// <summary>Bodies must be declared as JSON: what an HTML form or a "simple" cross-site request can send is refused with 415 before it is read.</summary>
[TestFixture("Listen")]
[TestFixture("Hosted")]
public sealed class MediaTypeTests(string style)
{
    private const string UnsupportedMediaType = """{"error":"Unsupported Media Type","code":"unsupported_media_type"}""";

    private int _handled;

    private ITestServer? _live;

    private ITestServer Server => _live ?? throw new InvalidOperationException("The server is not started.");

    [OneTimeSetUp]
    public async Task StartAsync() => _live = await TestServers.StartAsync(style, Controller.Create("", () => new()
    {
        ["echo"] = Post("/echo").Handle(ctx =>
        {
            Interlocked.Increment(ref _handled);
            ctx.Res.Json(new { email = ctx.Body<Credentials>().Email });
        }),
    }));

    [OneTimeTearDown]
    public async Task StopAsync() => await Server.DisposeAsync();

    [TestCase("text/plain")]
    [TestCase("text/plain; charset=utf-8")]
    [TestCase("application/x-www-form-urlencoded")]
    [TestCase("multipart/form-data; boundary=b")]
    [TestCase("application/xml")]
    [TestCase("text/json")]
    [TestCase("application/jsonx")]
    [TestCase("application/+json")]
    public async Task Post_JsonBodyDeclaredAsAnotherType_Returns415AndNeverReachesTheHandler(string contentType)
    {
        var before = Volatile.Read(ref _handled);
        using var content = new StringContent("""{"email":"a@b.c","password":"p"}""", Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await Server.Client.PostAsync("/echo", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo(UnsupportedMediaType));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(Volatile.Read(ref _handled), Is.EqualTo(before));
    }

    [Test]
    public async Task Post_JsonBodyWithoutContentType_Returns415()
    {
        using var content = new ByteArrayContent("""{"email":"a@b.c","password":"p"}"""u8.ToArray());

        using var response = await Server.Client.PostAsync("/echo", content);

        Assert.That(content.Headers.ContentType, Is.Null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo(UnsupportedMediaType));
    }

    [Test]
    public async Task Post_ChunkedTextPlainBody_Returns415()
    {
        using var content = Support.Http.Chunked("""{"email":"a@b.c","password":"p"}"""u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");

        using var response = await Server.Client.PostAsync("/echo", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [TestCase("application/json")]
    [TestCase("application/json; charset=utf-8")]
    [TestCase("Application/JSON")]
    [TestCase("application/problem+json")]
    [TestCase("application/vnd.api+json; charset=utf-8")]
    public async Task Post_JsonMediaType_IsAccepted(string contentType)
    {
        using var content = new StringContent("""{"email":"a@b.c","password":"p"}""", Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await Server.Client.PostAsync("/echo", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"email":"a@b.c"}"""));
    }

    [Test]
    public async Task Post_HttpClientJsonContent_IsAccepted()
    {
        using var response = await Server.Client.PostAsJsonAsync("/echo", new Credentials("a@b.c", "p"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Post_NoBodyAndNoContentType_IsNotRefusedAsUnsupported()
    {
        using var response = await Server.Client.PostAsync("/echo", content: null);

        Assert.That(response.StatusCode, Is.Not.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }
}
