namespace JustScale.Http.Tests.Typing;

/// <summary>Pins what the typed DSL refuses at compile time: a guard or a member needing a richer context than the route has.</summary>
[TestFixture]
public sealed class CompileTimeSafetyTests
{
    [Test]
    public void Guard_AfterTheMiddlewareItNeeds_Compiles()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public static RouteDefinition Route() => Get("/x")
                .Use(Tagging.Tag)
                .Guard(Tagging.RequireTag("admin"))
                .Handle(ctx => ctx.Res.Json(new { ctx.Tag }));
            """);

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void Guard_WithoutTheMiddlewareItNeeds_DoesNotCompile()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public static RouteDefinition Route() => Get("/x")
                .Guard(Tagging.RequireTag("admin"))
                .Handle(ctx => ctx.Res.Json(new { ok = true }));
            """);

        Assert.That(errors, Is.EqualTo(new[] { "CS1503" }));
    }

    [Test]
    public void Guard_BeforeTheMiddlewareItNeeds_DoesNotCompile()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public static RouteDefinition Route() => Get("/x")
                .Guard(Tagging.RequireTag("admin"))
                .Use(Tagging.Tag)
                .Handle(ctx => ctx.Res.Json(new { ctx.Tag }));
            """);

        Assert.That(errors, Is.EqualTo(new[] { "CS1503" }));
    }

    [Test]
    public void Member_WithoutTheMiddlewareThatAddsIt_DoesNotCompile()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public static RouteDefinition Route() => Get("/x")
                .Handle(ctx => ctx.Res.Json(new { ctx.Tag }));
            """);

        Assert.That(errors, Is.EqualTo(new[] { "CS1061" }));
    }

    [Test]
    public void Handle_AsyncLambda_IsNotAmbiguous()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public static RouteDefinition Route() => Get("/x")
                .Use(Tagging.Tag)
                .Handle(async ctx =>
                {
                    await Task.Yield();
                    ctx.Res.Json(new { ctx.Tag });
                });
            """);

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void Handle_TaskReturningExpression_BindsTheTaskOverloadNotTheSynchronousOne()
    {
        var model = SnippetCompiler.BoundMethodOf("""
            public static RouteDefinition Route() => Get("/x")
                .Handle(ctx => Task.Delay(1));
            """, "Handle");

        Assert.That(model, Is.EqualTo("Handle(System.Func<JustScale.Http.RequestContext, System.Threading.Tasks.Task>)"));
    }

    [Test]
    public void Handle_AsyncLambda_BindsTheValueTaskOverload()
    {
        var model = SnippetCompiler.BoundMethodOf("""
            public static RouteDefinition Route() => Get("/x")
                .Handle(async ctx => await Task.Yield());
            """, "Handle");

        Assert.That(model, Is.EqualTo("Handle(System.Func<JustScale.Http.RequestContext, System.Threading.Tasks.ValueTask>)"));
    }

    [Test]
    public void UseAndGuard_TaskReturningLambdas_DoNotCompile()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public static RouteDefinition Route() => Get("/x")
                .Guard(ctx => Task.FromResult(true))
                .Handle(ctx => ctx.Res.Json(new { ok = true }));
            """);

        Assert.That(errors, Is.Not.Empty, "a Task-returning guard is refused at compile time, never run unawaited");
    }

    [Test]
    public void ClusterBuilderAdd_AServiceClass_DoesNotCompile()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public static ClusterBuilder Misuse() => new ClusterBuilder().Add<UserService>();
            """);

        Assert.That(errors, Is.EqualTo(new[] { "CS0311" }), "Add<T> takes components only; a service is Provide<T>()");
    }

    [Test]
    public void DocsShapes_ControllerClusterMiddlewareAndListen_Compile()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public static readonly Controller AuthController = Controller.Create("/auth", (UserService users, SessionService sessions) => new()
            {
                ["register"] = Post("/register").Handle(async ctx =>
                {
                    await Task.Yield();
                    ctx.Res.Status(409).Json(new { error = "Email already registered" });
                }),
                ["login"] = Post("/login").Handle(ctx => ctx.Res.Json(new { token = "t" })),
            });

            public static async Task RunAsync()
            {
                var cluster = new ClusterBuilder()
                    .Add(AuthController)
                    .Provide<UserService>()
                    .Provide<SessionService>()
                    .Use(async (ctx, next) =>
                    {
                        try
                        {
                            await next();
                        }
                        catch (JustScaleException e) when (e.StatusCode == 401)
                        {
                            ctx.Res.Status(401).Json(new { error = e.Message });
                        }
                    })
                    .Build();
                await cluster.CompileAsync();
                await cluster.StartAsync();
                await using var server = await Listen(cluster, new ListenOptions { Port = 3000 });
            }
            """);

        Assert.That(errors, Is.Empty);
    }
}
