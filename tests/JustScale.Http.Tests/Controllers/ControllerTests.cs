using System.Net;
using JustScale.Core;
using JustScale.Http.Tests.Support;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Controllers;

[TestFixture]
public sealed class ControllerTests
{
    [Test]
    public void Build_ControllerDependencyMissing_ReportsItLikeAnyOther()
    {
        var controller = Controller.Create("/greet", (Greeter greeter, Counter counter) => new()
        {
            ["hello"] = Get("/").Handle(ctx => ctx.Res.Json(greeter.Greet(counter.Next()))),
        }).Named("GreetController");
        var builder = new ClusterBuilder().Add(controller).Provide<Counter>();

        var error = Assert.Throws<DependencyException>(() => builder.Build());

        Assert.That(error!.Message, Does.StartWith("Missing dependencies:\n\n  GreetController requires:\n    - Greeter\n"));
        Assert.That(error.Missing.Select(m => m.RequiredType), Is.EqualTo(new[] { typeof(Greeter) }));
    }

    [Test]
    public void Build_UnnamedController_NamesItByPrefix()
    {
        var builder = new ClusterBuilder().Add(Controller.Create("/greet", (Greeter greeter) => new()));

        var error = Assert.Throws<DependencyException>(() => builder.Build());

        Assert.That(error!.Message, Does.Contain("  Controller /greet requires:\n    - Greeter\n"));
    }

    [Test]
    public async Task Controller_Dependencies_AreResolvedOnceAndPassedToTheRoutes()
    {
        var created = 0;
        var controller = Controller.Create("/greet", (Greeter greeter, Counter counter) =>
        {
            Interlocked.Increment(ref created);
            return new()
            {
                ["hello"] = Get("/:name").Handle(ctx => ctx.Res.Json(new { text = greeter.Greet(ctx.Params["name"]), n = counter.Next() })),
            };
        });
        await using var server = await LiveServer.StartAsync(builder => builder.Add(controller).Provide<Greeter>().Provide<Counter>());

        using var first = await server.Client.GetAsync("/greet/ada");
        using var second = await server.Client.GetAsync("/greet/bob");

        Assert.That(await first.ReadTextAsync(), Is.EqualTo("""{"text":"Hello, ada","n":1}"""));
        Assert.That(await second.ReadTextAsync(), Is.EqualTo("""{"text":"Hello, bob","n":2}"""));
        Assert.That(created, Is.EqualTo(1));
    }

    [Test]
    public async Task Controller_SixDependencies_ArePassedInOrder()
    {
        var controller = Controller.Create("", (Greeter a, Counter b, TimeProvider c, Greeter d, Counter e, IServiceProvider f) => new()
        {
            ["all"] = Get("/all").Handle(ctx => ctx.Res.Json(new
            {
                sameGreeter = ReferenceEquals(a, d),
                sameCounter = ReferenceEquals(b, e),
                sameServices = ReferenceEquals(f.GetService(typeof(Greeter)), ctx.Services.GetService(typeof(Greeter))),
                time = c == TimeProvider.System,
            })),
        });
        await using var server = await LiveServer.StartAsync(builder => builder.Add(controller).Provide<Greeter>().Provide<Counter>());

        using var response = await server.Client.GetAsync("/all");

        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"sameGreeter":true,"sameCounter":true,"sameServices":true,"time":true}"""));
    }

    [Test]
    public async Task Controller_RoutesAsDictionary_AreServed()
    {
        var controller = Controller.Create("/dict", () => new Dictionary<string, RouteDefinition>
        {
            ["one"] = Get("/one").Handle(ctx => ctx.Res.Json(1)),
        });
        await using var server = await LiveServer.StartAsync(controller);

        using var response = await server.Client.GetAsync("/dict/one");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("1"));
    }

    [Test]
    public async Task Controller_TwoControllers_ServeTheirPrefixes()
    {
        var a = Controller.Create("/a", () => new() { ["x"] = Get("/x").Handle(ctx => ctx.Res.Json("a")) });
        var b = Controller.Create("/b", () => new() { ["x"] = Get("/x").Handle(ctx => ctx.Res.Json("b")) });
        await using var server = await LiveServer.StartAsync(a, b);

        using var fromA = await server.Client.GetAsync("/a/x");
        using var fromB = await server.Client.GetAsync("/b/x");

        Assert.That(await fromA.ReadTextAsync(), Is.EqualTo("\"a\""));
        Assert.That(await fromB.ReadTextAsync(), Is.EqualTo("\"b\""));
    }

    [Test]
    public void Controller_Properties_DescribeIt()
    {
        var controller = Controller.Create("/auth", (Greeter g, Counter c) => new());

        Assert.That(controller.Prefix, Is.EqualTo("/auth"));
        Assert.That(controller.Name, Is.EqualTo("Controller /auth"));
        Assert.That(controller.Dependencies, Is.EqualTo(new[] { typeof(Greeter), typeof(Counter) }));
        Assert.That(controller.Named("AuthController").Name, Is.EqualTo("AuthController"));
    }

    /// <summary>A service the controllers depend on.</summary>
    public sealed class Greeter
    {
        /// <summary>Greets someone.</summary>
        public string Greet(object name) => $"Hello, {name}";
    }

    /// <summary>A stateful service, to show it is a singleton.</summary>
    public sealed class Counter
    {
        private int _value;

        /// <summary>Counts.</summary>
        public int Next() => Interlocked.Increment(ref _value);
    }
}
