using System.Net;
using JustScale.Http.Tests.Support;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Wire;

[TestFixture("Listen")]
[TestFixture("Hosted")]
public sealed class JsonTests(string style)
{
    private static readonly DateTimeOffset Moment = new(2025, 1, 31, 14, 30, 5, 250, TimeSpan.FromHours(2));

    private static readonly Controller Bodies = Controller.Create("", () => new()
    {
        ["login"] = Post("/login").Handle(ctx =>
        {
            var body = ctx.Body<Credentials>();
            ctx.Res.Json(new { body.Email, body.Password, body.Name });
        }),
        ["signup"] = Post("/signup").Handle(ctx => ctx.Res.Json(ctx.Body<Signup>())),
        ["note"] = Post("/note").Handle(ctx => ctx.Res.Json(ctx.Body<Note>())),
        ["filter"] = Post("/filter").Handle(ctx => ctx.Res.Json(ctx.Body<Filter>())),
        ["twice"] = Post("/twice").Handle(ctx => ctx.Res.Json(new { same = ReferenceEquals(ctx.Body<Note>(), ctx.Body<Note>()) })),
        ["shapes"] = Get("/shapes").Handle(ctx => ctx.Res.Json(new Shapes(
            "Ada",
            Moment,
            new DateTime(2025, 1, 31, 12, 30, 5, DateTimeKind.Utc),
            new DateTime(2025, 1, 31, 12, 30, 5, DateTimeKind.Unspecified),
            null,
            Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff")))),
    });

    private ITestServer? _live;

    private ITestServer Server => _live ?? throw new InvalidOperationException("The server is not started.");

    [OneTimeSetUp]
    public async Task StartAsync() => _live = await TestServers.StartAsync(style, Bodies);

    [OneTimeTearDown]
    public async Task StopAsync() => await Server.DisposeAsync();

    [Test]
    public async Task Json_PascalCaseMembersAndDates_WritesCamelCaseAndIsoUtc()
    {
        using var response = await Server.Client.GetAsync("/shapes");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("application/json; charset=utf-8"));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo(
            """{"displayName":"Ada","createdAt":"2025-01-31T12:30:05.25Z","utc":"2025-01-31T12:30:05Z","unspecified":"2025-01-31T12:30:05Z","lastLoginAt":null,"id":"6f9619ff-8b86-d011-b42d-00cf4fc964ff"}"""));
    }

    [Test]
    public async Task Body_ValidJson_BindsCaseInsensitively()
    {
        using var response = await Server.Client.PostAsync("/login", Support.Http.Json("""{"email":"a@b.c","PASSWORD":"pw"}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"email":"a@b.c","password":"pw","name":null}"""));
    }

    [Test]
    public async Task Body_MissingPositionalMembers_Returns400WithEachField()
    {
        using var response = await Server.Client.PostAsync("/login", Support.Http.Json("""{"name":"Ada"}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo(
            """{"error":"The request body is not valid.","code":"invalid_body","fields":{"email":["The email field is required."],"password":["The password field is required."]}}"""));
    }

    [Test]
    public async Task Body_MissingRequiredMembers_Returns400WithEachField()
    {
        using var response = await Server.Client.PostAsync("/signup", Support.Http.Json("""{"age":3}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"The request body is not valid.","code":"invalid_body","fields":{"email":["The email field is required."]}}"""));
    }

    [Test]
    public async Task Body_MissingJsonRequiredMember_Returns400()
    {
        using var response = await Server.Client.PostAsync("/note", Support.Http.Json("""{"priority":1}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"The request body is not valid.","code":"invalid_body","fields":{"text":["The text field is required."]}}"""));
    }

    [Test]
    public async Task Body_NoBodyForRequiredMembers_Returns400()
    {
        using var response = await Server.Client.PostAsync("/note", content: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"The request body is not valid.","code":"invalid_body","fields":{"text":["The text field is required."]}}"""));
    }

    [Test]
    public async Task Body_NoBodyForOptionalMembers_BindsDefaults()
    {
        using var response = await Server.Client.PostAsync("/filter", content: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"search":null,"limit":20}"""));
    }

    [Test]
    public async Task Body_WrongType_Returns400NamingFieldAndExpectedType()
    {
        using var response = await Server.Client.PostAsync("/signup", Support.Http.Json("""{"email":"a@b.c","age":"three"}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"The request body is not valid.","code":"invalid_body","fields":{"age":["The age field must be an integer."]}}"""));
    }

    [Test]
    public async Task Body_NumberAsString_IsRejected()
    {
        using var response = await Server.Client.PostAsync("/filter", Support.Http.Json("""{"limit":"5"}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"The request body is not valid.","code":"invalid_body","fields":{"limit":["The limit field must be an integer."]}}"""));
    }

    [Test]
    public async Task Body_NullForNonNullableMember_Returns400()
    {
        using var response = await Server.Client.PostAsync("/login", Support.Http.Json("""{"email":null,"password":"pw"}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"The request body is not valid.","code":"invalid_body","fields":{"email":["The email field is required."]}}"""));
    }

    [Test]
    public async Task Body_ArrayInsteadOfObject_Returns400ForTheWholeBody()
    {
        using var response = await Server.Client.PostAsync("/login", Support.Http.Json("[1,2]"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"The request body is not valid.","code":"invalid_body","fields":{"$":["The body must be a JSON object."]}}"""));
    }

    [Test]
    public async Task Body_JsonNull_Returns400ForTheWholeBody()
    {
        using var response = await Server.Client.PostAsync("/filter", Support.Http.Json("null"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"The request body is not valid.","code":"invalid_body","fields":{"$":["The body must not be null."]}}"""));
    }

    [Test]
    public async Task Body_BoundTwice_ReturnsTheSameInstance()
    {
        using var response = await Server.Client.PostAsync("/twice", Support.Http.Json("""{"text":"x"}"""));

        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"same":true}"""));
    }

    /// <summary>A response with the shapes the wire format pins: names, dates, nulls, ids.</summary>
    public sealed record Shapes(string DisplayName, DateTimeOffset CreatedAt, DateTime Utc, DateTime Unspecified, DateTime? LastLoginAt, Guid Id);
}
