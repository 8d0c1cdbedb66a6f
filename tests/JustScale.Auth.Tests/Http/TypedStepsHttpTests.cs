using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JustScale.Auth.Tests.Support;
using JustScale.Core;
using JustScale.Http;
using Microsoft.Extensions.Time.Testing;
using static JustScale.Auth.AuthGuards;
using static JustScale.Http.Routes;

namespace JustScale.Auth.Tests.Http;

/// <summary>Runs typed steps composed in several orders over real Kestrel: each handler sees the user, the parameters and the body together.</summary>
/// <remarks>Inside a JustScale.* namespace the simple name Auth means the namespace, so these tests write AuthMiddleware.Auth.</remarks>
[TestFixture]
public sealed class TypedStepsHttpTests
{
    private const string Password = "correct horse battery staple";
    private NoteStore _notes = new();
    private AuthTestCluster _auth = null!;
    private HttpServer _server = null!;
    private HttpClient _http = null!;

    public sealed record IdParam(Guid Id);

    public sealed record NoteBody(string Text);

    public sealed record Page(int Limit);

    public sealed record Note(Guid Id, Guid OwnerId, string Text);

    public interface ICounted : IRequestContext
    {
        int Count { get; }
    }

    /// <summary>A user middleware's context that counts how many times the middleware ran on the route.</summary>
    public sealed class Counted<TContext>(TContext inner, int count) : RequestContextWrapper<TContext>(inner), ICounted where TContext : IRequestContext
    {
        public int Count => count;
    }

    public sealed class NoteStore
    {
        private readonly Dictionary<Guid, Note> _notes = [];

        public int Finds { get; private set; }

        public void Add(Note note) => _notes[note.Id] = note;

        public ValueTask<Note?> FindAsync(Guid id)
        {
            Finds++;
            return ValueTask.FromResult(_notes.GetValueOrDefault(id));
        }
    }

    private static ValueTask<Counted<TContext>> Count<TContext>(TContext context) where TContext : IRequestContext =>
        ValueTask.FromResult(new Counted<TContext>(context, (context is ICounted counted ? counted.Count : 0) + 1));

    private static Controller TestController { get; } = Controller.Create("/", () => new Dictionary<string, RouteDefinition>
    {
        ["authParamsBody"] = Patch("/a/:id").Use(AuthMiddleware.Auth).Params<IdParam>().Body<NoteBody>()
            .Handle(ctx => ctx.Res.Json(new { user = ctx.User.Id, session = ctx.Session.Id, id = ctx.Params.Id, text = ctx.Body.Text })),
        ["paramsAuthBody"] = Patch("/b/:id").Params<IdParam>().Use(AuthMiddleware.Auth).Body<NoteBody>()
            .Handle(ctx => ctx.Res.Json(new { user = ctx.User.Id, session = ctx.Session.Id, id = ctx.Params.Id, text = ctx.Body.Text })),
        ["bodyQueryParams"] = Post("/c/:id").Body<NoteBody>().Query<Page>().Params<IdParam>()
            .Handle(ctx => ctx.Res.Json(new { id = ctx.Params.Id, text = ctx.Body.Text, limit = ctx.Query.Limit })),
        ["repeatedUse"] = Post("/d/:id").Use(Count).Params<IdParam>().Use(Count).Body<NoteBody>().Use(AuthMiddleware.Auth)
            .Handle(ctx => ctx.Res.Json(new { user = ctx.User.Id, id = ctx.Params.Id, text = ctx.Body.Text, count = ctx.Inner.Inner.Count })),
        ["guardsBetween"] = Patch("/users/:id").Use(AuthMiddleware.Auth).Params<IdParam>().Guard(RequireSelf("id")).Body<NoteBody>()
            .Guard(ctx => ValueTask.FromResult(ctx.Body.Text != "forbidden" && ctx.Params.Id == ctx.User.Id))
            .Handle(ctx => ctx.Res.Json(new { user = ctx.User.Id, id = ctx.Params.Id, text = ctx.Body.Text })),
        ["limited"] = Get("/limited/:id").Use(AuthMiddleware.Auth).Params<IdParam>().RateLimit("per-user")
            .Handle(ctx => ctx.Res.Json(new { id = ctx.Params.Id })),
        ["owned"] = Get("/notes/:id").Use(AuthMiddleware.Auth).Params<IdParam>()
            .Load<Note, NoteStore>((ctx, notes) => notes.FindAsync(ctx.Params.Id))
            .Guard(ctx => ValueTask.FromResult(ctx.Loaded.OwnerId == ctx.User.Id))
            .Handle(ctx => ctx.Res.Json(new { ctx.Loaded.Text, owner = ctx.Loaded.OwnerId, user = ctx.User.Id })),
    });

    [SetUp]
    public async Task SetUp()
    {
        _notes = new NoteStore();
        _auth = await AuthTestCluster.CreateAsync(StoreKind.InMemory, new FakeTimeProvider(DateTimeOffset.UtcNow),
            compose: builder => builder.Provide(_notes).Add(TestController)
                .Add(new RateLimitPolicy("per-user").Limit("user", AuthRateLimits.UserId, FixedWindowLimit.PerMinute(1))));
        _server = await HttpHost.Listen(_auth.Cluster, new ListenOptions { Port = 0 });
        _http = new HttpClient { BaseAddress = _server.Url };
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        await _auth.DisposeAsync();
    }

    private async Task<(User User, Session Session)> LoginAsync(string email)
    {
        var user = await _auth.Users.RegisterAsync(email, Password);
        return (user, await _auth.Sessions.CreateAsync(user));
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, Session? session, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (session is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + session.Token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [TestCase("/a/")]
    [TestCase("/b/")]
    public async Task AuthParamsBody_InEitherOrder_HandlerSeesUserParamsAndBody(string prefix)
    {
        var (user, session) = await LoginAsync("ada@example.com");
        var id = Guid.NewGuid();

        var (status, body) = await SendAsync(HttpMethod.Patch, prefix + id, session, new { text = "hello" });

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("user").GetGuid(), Is.EqualTo(user.Id));
        Assert.That(body.GetProperty("session").GetGuid(), Is.EqualTo(session.Id));
        Assert.That(body.GetProperty("id").GetGuid(), Is.EqualTo(id));
        Assert.That(body.GetProperty("text").GetString(), Is.EqualTo("hello"));
    }

    [TestCase("/a/")]
    [TestCase("/b/")]
    public async Task AuthParamsBody_WithoutToken_401BeforeTheBodyIsBound(string prefix)
    {
        var (status, body) = await SendAsync(HttpMethod.Patch, prefix + Guid.NewGuid(), null, new { wrong = 1 });

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(body.GetProperty("error").GetString(), Is.EqualTo("Missing Authorization header"));
    }

    [Test]
    public async Task BodyQueryParams_AllThreeReachTheHandler()
    {
        var id = Guid.NewGuid();

        var (status, body) = await SendAsync(HttpMethod.Post, $"/c/{id}?limit=7", null, new { text = "hi" });

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("id").GetGuid(), Is.EqualTo(id));
        Assert.That(body.GetProperty("text").GetString(), Is.EqualTo("hi"));
        Assert.That(body.GetProperty("limit").GetInt32(), Is.EqualTo(7));
    }

    [Test]
    public async Task BodyQueryParams_BadParameter_400InvalidParams()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/c/not-a-guid?limit=7", null, new { text = "hi" });

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetProperty("code").GetString(), Is.EqualTo("invalid_params"));
    }

    [Test]
    public async Task RepeatedUserMiddleware_BetweenTypedSteps_KeepsEverySlotAndRunsTwice()
    {
        var (user, session) = await LoginAsync("ada@example.com");
        var id = Guid.NewGuid();

        var (status, body) = await SendAsync(HttpMethod.Post, $"/d/{id}", session, new { text = "x" });

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("user").GetGuid(), Is.EqualTo(user.Id));
        Assert.That(body.GetProperty("id").GetGuid(), Is.EqualTo(id));
        Assert.That(body.GetProperty("text").GetString(), Is.EqualTo("x"));
        Assert.That(body.GetProperty("count").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task GuardsBetweenTypedSteps_EachRefusesWith403_AndPassingReachesTheHandler()
    {
        var (ada, adaSession) = await LoginAsync("ada@example.com");
        var (bob, _) = await LoginAsync("bob@example.com");

        var other = await SendAsync(HttpMethod.Patch, $"/users/{bob.Id}", adaSession, new { text = "ok" });
        var forbiddenText = await SendAsync(HttpMethod.Patch, $"/users/{ada.Id}", adaSession, new { text = "forbidden" });
        var self = await SendAsync(HttpMethod.Patch, $"/users/{ada.Id}", adaSession, new { text = "ok" });

        Assert.That(other.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(forbiddenText.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(forbiddenText.Body.GetProperty("error").GetString(), Is.EqualTo("Forbidden"));
        Assert.That(self.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(self.Body.GetProperty("user").GetGuid(), Is.EqualTo(ada.Id));
    }

    [Test]
    public async Task RateLimit_AfterTypedSteps_PartitionsByTheAuthenticatedUser()
    {
        var (_, ada) = await LoginAsync("ada@example.com");
        var (_, bob) = await LoginAsync("bob@example.com");

        var first = await SendAsync(HttpMethod.Get, $"/limited/{Guid.NewGuid()}", ada);
        var second = await SendAsync(HttpMethod.Get, $"/limited/{Guid.NewGuid()}", ada);
        var other = await SendAsync(HttpMethod.Get, $"/limited/{Guid.NewGuid()}", bob);

        Assert.That(first.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(second.Status, Is.EqualTo(HttpStatusCode.TooManyRequests), "the policy sees Authenticated<...> through the typed context");
        Assert.That(other.Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Load_OwnerGuard_HandlerGetsTheLoadedNoteWithoutLoadingAgain()
    {
        var (ada, session) = await LoginAsync("ada@example.com");
        var note = new Note(Guid.NewGuid(), ada.Id, "mine");
        _notes.Add(note);

        var (status, body) = await SendAsync(HttpMethod.Get, $"/notes/{note.Id}", session);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("text").GetString(), Is.EqualTo("mine"));
        Assert.That(body.GetProperty("owner").GetGuid(), Is.EqualTo(ada.Id));
        Assert.That(_notes.Finds, Is.EqualTo(1));
    }

    [Test]
    public async Task Load_SomeoneElsesNote_403()
    {
        var (bob, _) = await LoginAsync("bob@example.com");
        var (_, adaSession) = await LoginAsync("ada@example.com");
        var note = new Note(Guid.NewGuid(), bob.Id, "bob's");
        _notes.Add(note);

        var (status, body) = await SendAsync(HttpMethod.Get, $"/notes/{note.Id}", adaSession);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(body.GetProperty("error").GetString(), Is.EqualTo("Forbidden"));
    }

    [Test]
    public async Task Load_NothingFound_404NotFound()
    {
        var (_, session) = await LoginAsync("ada@example.com");

        var (status, body) = await SendAsync(HttpMethod.Get, $"/notes/{Guid.NewGuid()}", session);

        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(body.GetProperty("error").GetString(), Is.EqualTo("Not Found"));
    }
}
