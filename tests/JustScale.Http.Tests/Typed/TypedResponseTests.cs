using System.Net;
using JustScale.Http.Tests.Support;

namespace JustScale.Http.Tests.Typed;

[TestFixture("Listen")]
[TestFixture("Hosted")]
public sealed class TypedResponseTests(string style)
{
    private ITestServer? _live;

    private ITestServer Server => _live ?? throw new InvalidOperationException("The server is not started.");

    [OneTimeSetUp]
    public async Task StartAsync() => _live = await TestServers.StartAsync(style, TypedRoutes.Items, TypedServer.ItemsPolicy);

    [OneTimeTearDown]
    public async Task StopAsync() => await Server.DisposeAsync();

    [Test]
    public async Task Created_WritesLocationStatusAndJson()
    {
        using var response = await Server.Client.PostAsync("/items/register", Support.Http.Json("""{"email":"a@example.com","password":"long enough"}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/items/register/a@example.com"));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That((await response.ReadJsonAsync())!["email"]!.GetValue<string>(), Is.EqualTo("a@example.com"));
    }

    [Test]
    public async Task NoContent_Writes204WithoutBody()
    {
        using var response = await Server.Client.DeleteAsync("/items/7");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
    }

    [Test]
    public async Task Returns_IsOnlyADeclaration_TheHandlerStillAnswers()
    {
        using var response = await Server.Client.GetAsync("/items/3");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"id":3,"title":"Item 3"}"""));
    }

    [Test]
    public async Task GuardThenParamsThenBody_AllContextsReachTheHandler()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/items/9") { Content = Support.Http.Json("""{"id":0,"title":"New"}""") };
        request.Headers.Add("X-Key", "admin");
        using var response = await Server.Client.SendAsync(request);

        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"id":9,"title":"New"}"""));
    }
}
