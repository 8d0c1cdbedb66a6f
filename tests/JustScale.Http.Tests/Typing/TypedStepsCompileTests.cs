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
    public void GuardNeedingTheMiddleware_AfterBody_DoesNotCompile()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public sealed record Note(string Text);

            public static RouteDefinition Route() => Post("/x")
                .Use(Tagging.Tag)
                .Body<Note>()
                .Guard(Tagging.RequireTag("admin"))
                .Handle(ctx => ctx.Res.Json(new { ctx.Body.Text }));
            """);

        Assert.That(errors, Is.EqualTo(new[] { "CS1503" }));
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
