namespace JustScale.Http.Tests.Typing;

/// <summary>Pins how the typed request steps compose with middleware and guards at compile time.</summary>
[TestFixture]
public sealed class TypedStepsCompileTests
{
    [Test]
    public void Body_AfterMiddlewareAndGuard_BothReachTheHandler()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public sealed record Note(string Text);

            public static RouteDefinition Route() => Post("/x")
                .Use(Tagging.Tag)
                .Guard(Tagging.RequireTag("admin"))
                .Body<Note>()
                .Handle(ctx => ctx.Res.Json(new { ctx.Body.Text, ctx.Inner.Tag, same = ctx.Body<Note>() }));
            """);

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void GuardNeedingTheMiddleware_AfterBody_Compiles()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public sealed record Note(string Text);

            public static RouteDefinition Route() => Post("/x")
                .Use(Tagging.Tag)
                .Body<Note>()
                .Guard(Tagging.RequireTag("admin"))
                .Handle(ctx => ctx.Res.Json(new { ctx.Body.Text, ctx.Inner.Tag }));
            """);

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void GuardNeedingTheMiddleware_AfterTypedStepsButBeforeTheMiddleware_DoesNotCompile()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public sealed record Note(string Text);

            public static RouteDefinition Route() => Post("/x")
                .Body<Note>()
                .Guard(Tagging.RequireTag("admin"))
                .Use(Tagging.Tag)
                .Handle(ctx => ctx.Res.Json(new { ctx.Body.Text, ctx.Inner.Tag }));
            """);

        Assert.That(errors, Is.EqualTo(new[] { "CS1503" }));
    }

    [Test]
    public void Middleware_BetweenTypedSteps_KeepsEverySlot()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public sealed record Note(string Text);
            public sealed record Ref(int Id);
            public sealed record Page(int Limit);

            public static RouteDefinition Route() => Post("/x/:id")
                .Body<Note>()
                .Use(Tagging.Tag)
                .Params<Ref>()
                .Use(Tagging.Tag)
                .Query<Page>()
                .Handle(ctx => ctx.Res.Json(new { ctx.Body.Text, ctx.Params.Id, ctx.Query.Limit, ctx.Inner.Tag, inner = ctx.Inner.Inner.Tag }));
            """);

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void GuardLambda_OnATypedRoute_SeesTheTypedSlots()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public sealed record Ref(int Id);

            public static RouteDefinition Route() => Get("/x/:id")
                .Params<Ref>()
                .Guard(ctx => ValueTask.FromResult(ctx.Params.Id > 0))
                .Handle(ctx => ctx.Res.Json(new { ctx.Params.Id }));
            """);

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void RawParams_WhenNotDeclared_StayTheStrings()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public sealed record Page(int Limit);

            public static RouteDefinition Route() => Get("/x/:id")
                .Query<Page>()
                .Handle(ctx => ctx.Res.Json(new { id = ctx.Params["id"], ctx.Query.Limit }));
            """);

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void TypedBody_WithoutTheBodyStep_DoesNotCompile()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public sealed record Note(string Text);

            public static RouteDefinition Route() => Post("/x")
                .Handle(ctx => ctx.Res.Json(new { ctx.Body.Text }));
            """);

        Assert.That(errors, Is.EqualTo(new[] { "CS0119" }));
    }
}
