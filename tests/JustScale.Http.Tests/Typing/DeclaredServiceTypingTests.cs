namespace JustScale.Http.Tests.Typing;

/// <summary>Pins the typing of middleware and guards that declare services: factories infer their types, and keep the DSL's checks.</summary>
[TestFixture]
public sealed class DeclaredServiceTypingTests
{
    [Test]
    public void MiddlewareCreate_TypedLambda_InfersTheContextItProduces()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public static RouteDefinition Route() => Get("/x")
                .Use(Middleware.Create((RequestContext ctx, UserService users) => ValueTask.FromResult(new Tagged<RequestContext>(ctx, "u"))))
                .Handle(ctx => ctx.Res.Json(new { ctx.Tag }));
            """);

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void GuardCreate_NeedingARicherContext_DoesNotCompileBeforeItsMiddleware()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public static RouteDefinition Route() => Get("/x")
                .Guard(Guard.Create((ITagged ctx, UserService users) => ValueTask.FromResult(ctx.Tag == "admin")))
                .Handle(ctx => ctx.Res.Json(new { ok = true }));
            """);

        Assert.That(errors, Is.EqualTo(new[] { "CS1503" }));
    }

    [Test]
    public void Inject_OnALambda_Compiles()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public static RouteDefinition Route() => Get("/x")
                .Use([Inject(typeof(SessionService))] (RequestContext ctx) => ValueTask.FromResult(new Tagged<RequestContext>(ctx, ctx.Injected<SessionService>().ToString()!)))
                .Handle(ctx => ctx.Res.Json(new { ctx.Tag }));
            """);

        Assert.That(errors, Is.Empty);
    }
}
