namespace JustScale.Auth.Tests.Typing;

/// <summary>Pins, with Roslyn, what typed steps keep at compile time next to <c>.Use(Auth)</c>: any order, any depth; and what they still refuse.</summary>
[TestFixture]
public sealed class TypedStepsAuthCompileTests
{
    private const string BarRoute = """
        public static RouteDefinition Route() => Patch("/:id").Use(Auth).Params<IdParam>().Body<NoteBody>().Returns<NoteOut>()
            .Handle(ctx => ctx.Res.Json(new NoteOut(ctx.Params.Id, ctx.Body.Text + ctx.User.Email)));
        """;

    [Test]
    public void IssueChain_UseAuthParamsBodyReturns_Compiles()
    {
        Assert.That(AuthSnippetCompiler.ErrorsOf(BarRoute), Is.Empty);
    }

    [Test]
    public void IssueChain_HandlerMembers_HaveTheDeclaredTypes()
    {
        Assert.That(AuthSnippetCompiler.TypesOf(BarRoute, "ctx.User"), Is.EqualTo(new[] { "JustScale.Auth.User" }));
        Assert.That(AuthSnippetCompiler.TypesOf(BarRoute, "ctx.Params"), Is.EqualTo(new[] { "App.IdParam" }));
        Assert.That(AuthSnippetCompiler.TypesOf(BarRoute, "ctx.Body"), Is.EqualTo(new[] { "App.NoteBody" }));
    }

    [TestCase("Use(Auth).Params<IdParam>().Query<Page>().Body<NoteBody>()")]
    [TestCase("Params<IdParam>().Use(Auth).Body<NoteBody>().Query<Page>()")]
    [TestCase("Body<NoteBody>().Query<Page>().Params<IdParam>().Use(Auth)")]
    [TestCase("Query<Page>().Body<NoteBody>().Use(Auth).Guard(RequireSelf(\"id\")).Params<IdParam>()")]
    [TestCase("Params<IdParam>().Params<IdParam>().Use(Auth).Guard(RequireRole(\"admin\")).Query<Page>().Guard(RequireAuth).Body<NoteBody>()")]
    public void AnyOrder_EverySlotAndTheUser_ReachTheHandler(string steps)
    {
        var members = "public static RouteDefinition Route() => Patch(\"/:id\")." + steps + """

                .Handle(ctx => ctx.Res.Json(new { ctx.User.Id, ctx.Session.ExpiresAt, p = ctx.Params.Id, ctx.Body.Text, ctx.Query.Limit }));
            """;

        Assert.That(AuthSnippetCompiler.ErrorsOf(members), Is.Empty);
        Assert.That(AuthSnippetCompiler.TypesOf(members, "ctx.Query"), Is.EqualTo(new[] { "App.Page" }));
    }

    [TestCase("Use(Auth)")]
    [TestCase("Params<IdParam>().Use(Auth)")]
    [TestCase("Body<NoteBody>().Use(Auth)")]
    [TestCase("Query<Page>().Use(Auth)")]
    [TestCase("Params<IdParam>().Guard(ctx => ValueTask.FromResult(true)).Use(Auth)")]
    [TestCase("Load(ctx => ValueTask.FromResult<Note?>(null)).Use(Auth)")]
    public void UseAuth_MethodGroupInference_WorksInEveryPosition(string steps)
    {
        var members = "public static RouteDefinition Route() => Patch(\"/:id\")." + steps + ".Handle(ctx => ctx.Res.Json(new { ctx.User.Id }));";

        Assert.That(AuthSnippetCompiler.ErrorsOf(members), Is.Empty);
    }

    [TestCase("Params<IdParam>()")]
    [TestCase("Body<NoteBody>().Query<Page>()")]
    [TestCase("Params<IdParam>().Guard(ctx => ValueTask.FromResult(true))")]
    public void User_BeforeUseAuth_DoesNotCompile(string steps)
    {
        var members = "public static RouteDefinition Route() => Patch(\"/:id\")." + steps + ".Handle(ctx => ctx.Res.Json(new { ctx.User.Id }));";

        // The SDK's compiler (10.0.401) reports CS1061; the Roslyn package these tests load reports its twin for receivers that
        // have extension members in scope, CS9286, with the same "does not contain a definition for 'User'".
        Assert.That(AuthSnippetCompiler.ErrorsOf(members), Is.EqualTo(new[] { "CS1061" }).Or.EqualTo(new[] { "CS9286" }));
        Assert.That(AuthSnippetCompiler.MessagesOf(members), Does.Contain("does not contain a definition for 'User'"));
    }

    [TestCase("Params<IdParam>().Guard(RequireSelf(\"id\")).Use(Auth)")]
    [TestCase("Body<NoteBody>().Guard(RequireRole(\"admin\")).Use(Auth)")]
    [TestCase("Query<Page>().Guard(RequireAuth).Use(Auth)")]
    public void AuthenticatedGuard_BeforeUseAuth_DoesNotCompile(string steps)
    {
        var members = "public static RouteDefinition Route() => Patch(\"/:id\")." + steps + ".Handle(ctx => ctx.Res.Json(new { ctx.User.Id }));";

        Assert.That(AuthSnippetCompiler.ErrorsOf(members), Is.EqualTo(new[] { "CS1503" }));
    }

    [Test]
    public void Load_HandsTheLoadedEntity_TypedToGuardAndHandler()
    {
        const string members = """
            public static RouteDefinition Route() => Get("/notes/:id").Use(Auth).Params<IdParam>()
                .Load<Note, Notes>((ctx, notes) => notes.FindAsync(ctx.Params.Id))
                .Guard(ctx => ValueTask.FromResult(ctx.Loaded.OwnerId == ctx.User.Id))
                .Handle(ctx => ctx.Res.Json(new NoteOut(ctx.Loaded.Id, ctx.Loaded.Text)));
            """;

        Assert.That(AuthSnippetCompiler.ErrorsOf(members), Is.Empty);
        Assert.That(AuthSnippetCompiler.TypesOf(members, "ctx.Loaded"), Is.EqualTo(new[] { "App.Note", "App.Note", "App.Note" }));
    }

    [Test]
    public void Loaded_WithoutLoad_DoesNotCompile()
    {
        const string members = """
            public static RouteDefinition Route() => Get("/notes/:id").Use(Auth).Params<IdParam>()
                .Handle(ctx => ctx.Res.Json(new { ctx.Loaded.Text }));
            """;

        Assert.That(AuthSnippetCompiler.ErrorsOf(members), Is.EqualTo(new[] { "CS1061" }));
    }

    [Test]
    public void Body_WithoutBodyStep_OnATypedRoute_DoesNotCompile()
    {
        const string members = """
            public static RouteDefinition Route() => Patch("/:id").Use(Auth).Params<IdParam>()
                .Handle(ctx => ctx.Res.Json(new { ctx.Body.Text }));
            """;

        Assert.That(AuthSnippetCompiler.ErrorsOf(members), Is.EqualTo(new[] { "CS1061" }));
    }

    [Test]
    public void OptionalAuth_AfterTypedSteps_UserIsNullable()
    {
        const string members = """
            public static RouteDefinition Route() => Get("/:id").Params<IdParam>().Use(OptionalAuth)
                .Handle(ctx => ctx.Res.Json(new { anonymous = ctx.User is null }));
            """;

        Assert.That(AuthSnippetCompiler.ErrorsOf(members), Is.Empty);
        Assert.That(AuthSnippetCompiler.TypesOf(members, "ctx.User"), Is.EqualTo(new[] { "JustScale.Auth.User?" }));
    }
}
