using System.Net;
using JustScale.Http.Tests.Support;

namespace JustScale.Http.Tests.Typed;

[TestFixture("Listen")]
[TestFixture("Hosted")]
public sealed class TypedRequestTests(string style)
{
    private ITestServer? _live;

    private ITestServer Server => _live ?? throw new InvalidOperationException("The server is not started.");

    [OneTimeSetUp]
    public async Task StartAsync() => _live = await TestServers.StartAsync(style, TypedRoutes.Items, TypedServer.ItemsPolicy);

    [OneTimeTearDown]
    public async Task StopAsync() => await Server.DisposeAsync();

    [Test]
    public async Task Body_Valid_HandlerSeesTypedBody()
    {
        using var response = await Post("/items/register", """{"email":"ada@example.com","password":"long enough","name":"Ada","age":36}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo(
            """{"email":"ada@example.com","password":"long enough","name":"Ada","age":36,"address":null}"""));
    }

    [Test]
    public async Task Body_MissingRequired_Returns400WithCamelCaseField()
    {
        using var response = await Post("/items/register", """{"Password":"long enough"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo(
            """{"error":"The request body is not valid.","code":"invalid_body","fields":{"email":["The email field is required."]}}"""));
    }

    [Test]
    public async Task Body_NullableWithoutDefaultOmitted_Binds()
    {
        using var response = await Post("/items/register", """{"email":"a@example.com","password":"long enough"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await response.ReadJsonAsync())!["name"], Is.Null);
    }

    [Test]
    public async Task Body_ExplicitNullForNullable_Binds()
    {
        using var response = await Post("/items/register", """{"email":"a@example.com","password":"long enough","name":null,"age":null}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Body_RulesBroken_Returns400ForEachFieldByJsonName()
    {
        using var response = await Post("/items/register", """{"email":"not-an-email","password":"short","age":7,"address":{"city":""}}""");
        var fields = (await response.ReadJsonAsync())!["fields"]!.AsObject();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(fields.Select(f => f.Key), Is.EquivalentTo(new[] { "email", "password", "age", "address.city" }));
        Assert.That(fields["email"]![0]!.GetValue<string>(), Is.EqualTo("The email field is not a valid e-mail address."));
        Assert.That(fields["password"]![0]!.GetValue<string>(), Does.Contain("minimum length of 8"));
        Assert.That(fields["age"]![0]!.GetValue<string>(), Is.EqualTo("The field age must be between 13 and 130."));
        Assert.That(fields["address.city"]![0]!.GetValue<string>(), Is.EqualTo("The city field is required."));
    }

    [Test]
    public async Task Body_NestedMemberMissing_Returns400WithDottedField()
    {
        using var response = await Post("/items/register", """{"email":"a@example.com","password":"long enough","address":{"street":"Main"}}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo(
            """{"error":"The request body is not valid.","code":"invalid_body","fields":{"address.city":["The city field is required."]}}"""));
    }

    [Test]
    public async Task Body_WrongJsonType_Returns400NamingTheField()
    {
        using var response = await Post("/items/register", """{"email":"a@example.com","password":"long enough","age":"old"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo(
            """{"error":"The request body is not valid.","code":"invalid_body","fields":{"age":["The age field must be an integer."]}}"""));
    }

    [Test]
    public async Task Body_NotJsonMediaType_Returns415()
    {
        using var response = await Server.Client.PostAsync("/items/register", new StringContent("email=a", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [Test]
    public async Task KeyThenBody_NoKeyAndBadBody_Returns401BeforeValidating()
    {
        using var response = await Post("/items/key-then-body", "{}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task KeyThenBody_Valid_HandlerSeesClientAndBody()
    {
        using var response = await Post("/items/key-then-body", """{"email":"a@example.com","password":"long enough"}""", apiKey: "admin");

        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"client":"admin","email":"a@example.com"}"""));
    }

    [Test]
    public async Task BodyThenKey_Valid_HandlerSeesClientAndTheSameBody()
    {
        using var response = await Post("/items/body-then-key", """{"email":"a@example.com","password":"long enough"}""", apiKey: "reader");

        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"client":"reader","email":"a@example.com","same":true}"""));
    }

    [Test]
    public async Task BodyThenKey_BadBody_Returns400BeforeTheKey()
    {
        using var response = await Post("/items/body-then-key", "{}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Query_Valid_BindsTypedValues()
    {
        using var response = await Server.Client.GetAsync("/items?sort=name&LIMIT=5&desc=true&ids=1&ids=2");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"sort":"name","limit":5,"desc":true,"search":null,"ids":[1,2]}"""));
    }

    [Test]
    public async Task Query_MissingRequired_Returns400InvalidQuery()
    {
        using var response = await Server.Client.GetAsync("/items?limit=5");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo(
            """{"error":"The query string is not valid.","code":"invalid_query","fields":{"sort":["The sort field is required."]}}"""));
    }

    [Test]
    public async Task Query_NotANumberOrOutOfRange_Returns400ForTheParameter()
    {
        using var text = await Server.Client.GetAsync("/items?sort=a&limit=ten");
        using var range = await Server.Client.GetAsync("/items?sort=a&limit=500");

        Assert.That((await text.ReadJsonAsync())!["fields"]!["limit"]![0]!.GetValue<string>(), Is.EqualTo("The limit field must be an integer."));
        Assert.That((await range.ReadJsonAsync())!["fields"]!["limit"]![0]!.GetValue<string>(), Is.EqualTo("The field limit must be between 1 and 100."));
    }

    [Test]
    public async Task Params_Typed_BindsOr400()
    {
        using var good = await Server.Client.GetAsync("/items/42");
        using var bad = await Server.Client.GetAsync("/items/forty-two");

        Assert.That(await good.ReadTextAsync(), Is.EqualTo("""{"id":42,"title":"Item 42"}"""));
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await bad.ReadTextAsync(), Is.EqualTo(
            """{"error":"The route parameters are not valid.","code":"invalid_params","fields":{"id":["The id field must be an integer."]}}"""));
    }

    private async Task<HttpResponseMessage> Post(string path, string json, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Support.Http.Json(json) };
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        return await Server.Client.SendAsync(request);
    }
}
