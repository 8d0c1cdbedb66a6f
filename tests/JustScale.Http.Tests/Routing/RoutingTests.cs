using System.Net;
using JustScale.Core;
using JustScale.Http.Tests.Support;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Routing;

[TestFixture]
public sealed class RoutingTests
{
    private static readonly Controller Users = Controller.Create("/users", () => new()
    {
        ["list"] = Get("/").Handle(ctx => ctx.Res.Json(new { route = "list" })),
        ["search"] = Get("/search").Handle(ctx => ctx.Res.Json(new { route = "search" })),
        ["byId"] = Get("/:userId").Handle(ctx => ctx.Res.Json(new { route = "byId", id = ctx.Params["userId"] })),
        ["post"] = Get("/{userId}/posts/:postId").Handle(ctx => ctx.Res.Json(new
        {
            user = ctx.Params["userId"],
            post = ctx.Params["postId"],
            count = ctx.Params.Count,
            missing = ctx.Params.TryGet("nope", out _),
        })),
        ["create"] = Post("/").Handle(ctx => ctx.Res.Status(201).Json(new { route = "create" })),
        ["replace"] = Put("/:userId").Handle(ctx => ctx.Res.Json(new { route = "replace" })),
        ["update"] = Patch("/:userId").Handle(ctx => ctx.Res.Json(new { route = "update" })),
        ["remove"] = Delete("/:userId").Handle(ctx => ctx.Res.Json(new { route = "remove" })),
        ["query"] = Get("/query/all").Handle(ctx => ctx.Res.Json(new { q = ctx.Query["q"].ToString(), tags = ctx.Query["tag"].ToArray() })),
    });

    private static readonly Controller Root = Controller.Create("", () => new()
    {
        ["health"] = Get("/health").Handle(ctx => ctx.Res.Json(new { ok = true })),
    });

    private LiveServer? _live;

    private LiveServer Server => _live ?? throw new InvalidOperationException("The server is not started.");

    [OneTimeSetUp]
    public async Task StartAsync() => _live = await LiveServer.StartAsync(Users, Root);

    [OneTimeTearDown]
    public async Task StopAsync() => await Server.DisposeAsync();

    [TestCase("/users", """{"route":"list"}""")]
    [TestCase("/users/", """{"route":"list"}""")]
    [TestCase("/users/search", """{"route":"search"}""")]
    [TestCase("/users/search/", """{"route":"search"}""")]
    [TestCase("/users/42", """{"route":"byId","id":"42"}""")]
    [TestCase("/users/42/", """{"route":"byId","id":"42"}""")]
    [TestCase("/users/a%20b", """{"route":"byId","id":"a b"}""")]
    [TestCase("/health", """{"ok":true}""")]
    public async Task Get_PathWithOrWithoutTrailingSlash_MatchesTheRoute(string path, string expected)
    {
        using var response = await Server.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo(expected));
    }

    [Test]
    public async Task Get_TwoParametersInBothSyntaxes_ReadsEach()
    {
        using var response = await Server.Client.GetAsync("/users/7/posts/99");

        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"user":"7","post":"99","count":2,"missing":false}"""));
    }

    [TestCase("/users/7/posts")]
    [TestCase("/users/7/8")]
    [TestCase("/userss")]
    [TestCase("/")]
    public async Task Get_PathThatMatchesNoRoute_Returns404(string path)
    {
        using var response = await Server.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"Not Found"}"""));
    }

    [TestCase("POST", "/users", HttpStatusCode.Created, "create")]
    [TestCase("PUT", "/users/1", HttpStatusCode.OK, "replace")]
    [TestCase("PATCH", "/users/1", HttpStatusCode.OK, "update")]
    [TestCase("DELETE", "/users/1", HttpStatusCode.OK, "remove")]
    public async Task Request_EachMethod_ReachesItsRoute(string method, string path, HttpStatusCode status, string route)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await Server.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(status));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo($$"""{"route":"{{route}}"}"""));
    }

    [Test]
    public async Task Get_QueryString_IsReadableAndIgnoredForMatching()
    {
        using var response = await Server.Client.GetAsync("/users/query/all?q=ada&tag=a&tag=b");

        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"q":"ada","tags":["a","b"]}"""));
    }

    [Test]
    public async Task Listen_SameMethodAndPathTwice_ThrowsNamingBothRoutes()
    {
        var first = Controller.Create("/a", () => new() { ["one"] = Get("/:id").Handle(_ => { }) });
        var second = Controller.Create("/A", () => new() { ["two"] = Get("/{other}/").Handle(_ => { }) });
        await using var cluster = new ClusterBuilder().Add(first).Add(second).Build();
        await cluster.CompileAsync();

        var error = Assert.ThrowsAsync<JustScaleException>(() => HttpHost.Listen(cluster, new ListenOptions { Port = 0 }));

        Assert.That(error!.Message, Is.EqualTo(
            "Route GET /A/{other} is declared twice: by Controller /a \"one\" and by Controller /A \"two\". Give one of them another path or method."));
    }

    [Test]
    public async Task Listen_SamePathWithDifferentConstraints_ServesBoth()
    {
        var controller = Controller.Create("/n", () => new()
        {
            ["number"] = Get("/{id:int}").Handle(ctx => ctx.Res.Json("number")),
            ["name"] = Get("/:name").Handle(ctx => ctx.Res.Json("name")),
        });
        await using var server = await LiveServer.StartAsync(controller);

        using var number = await server.Client.GetAsync("/n/5");
        using var name = await server.Client.GetAsync("/n/five");

        Assert.That(await number.ReadTextAsync(), Is.EqualTo("\"number\""));
        Assert.That(await name.ReadTextAsync(), Is.EqualTo("\"name\""));
    }

    [TestCase("users")]
    [TestCase("/users/:")]
    [TestCase("/users/:user-id")]
    [TestCase("/users/{id")]
    public void Route_InvalidPath_ThrowsAtDefinition(string path)
    {
        Assert.Throws<ArgumentException>(() => Get(path));
    }

    [Test]
    public void Controller_PrefixWithoutLeadingSlash_Throws()
    {
        Assert.Throws<ArgumentException>(() => Controller.Create("auth", () => new()));
    }

    [Test]
    public void RouteTable_SameNameTwice_Throws()
    {
        var route = Get("/x").Handle(_ => { });

        var error = Assert.Throws<ArgumentException>(() => _ = new RouteTable { ["x"] = route, ["x"] = route });

        Assert.That(error!.Message, Does.StartWith("Route name \"x\" is used twice"));
    }

    [Test]
    public void RouteTable_FromDictionary_KeepsNamesAndOrder()
    {
        RouteTable table = new Dictionary<string, RouteDefinition>
        {
            ["b"] = Get("/b").Handle(_ => { }),
            ["a"] = Post("/a").Handle(_ => { }),
        };

        Assert.That(table.Keys, Is.EqualTo(new[] { "b", "a" }));
        Assert.That(table["a"].Method, Is.EqualTo("POST"));
        Assert.That(table["b"].Path, Is.EqualTo("/b"));
    }
}
