using System.Net;
using JustScale.Core;
using JustScale.Http.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static JustScale.Http.HttpHost;

namespace JustScale.Http.Tests.Docs;

/// <summary>Runs the example docs/http.md shows, over real HTTP, so the page cannot drift from working code.</summary>
[TestFixture]
public sealed class TodoExampleTests
{
    [Test]
    public async Task TodoExample_MainFlow_AnswersAsTheDocsSay()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 31, 12, 0, 0, TimeSpan.Zero));
        var cluster = new ClusterBuilder()
            .Provide<TimeProvider>(time)
            .Provide<TodoStore>()
            .Add(TodoExample.TodoController)
            .Use(async (ctx, next) =>
            {
                try
                {
                    await next();
                }
                catch (TodoLimitException e)
                {
                    ctx.Res.Status(429).Json(new { error = e.Message });
                }
            })
            .Build();
        await cluster.CompileAsync();
        await cluster.StartAsync();
        await using var server = await Listen(cluster, new ListenOptions { Port = 0 });
        using var http = new HttpClient { BaseAddress = server.Url };

        using var created = await http.PostAsync("/todos", Support.Http.Json("""{"title":"Write docs"}"""));
        using var invalid = await http.PostAsync("/todos", Support.Http.Json("""{"name":"no title"}"""));
        using var list = await http.GetAsync("/todos");
        using var anonymous = await http.DeleteAsync("/todos/1");
        using var wrongClient = await SendAsync(http, HttpMethod.Delete, "/todos/1", apiKey: "guest");
        using var removed = await SendAsync(http, HttpMethod.Delete, "/todos/1", apiKey: "admin");
        using var again = await SendAsync(http, HttpMethod.Delete, "/todos/1", apiKey: "admin");
        for (var i = 0; i < 3; i++)
        {
            using var filler = await http.PostAsync("/todos", Support.Http.Json("""{"title":"more"}"""));
        }

        using var full = await http.PostAsync("/todos", Support.Http.Json("""{"title":"one too many"}"""));

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await created.ReadTextAsync(), Is.EqualTo("""{"id":1,"title":"Write docs","createdAt":"2025-01-31T12:00:00Z"}"""));
        Assert.That(await invalid.ReadTextAsync(), Is.EqualTo("""{"error":"The request body is not valid.","code":"invalid_body","fields":{"title":["The title field is required."]}}"""));
        Assert.That(await list.ReadTextAsync(), Is.EqualTo("""[{"id":1,"title":"Write docs","createdAt":"2025-01-31T12:00:00Z"}]"""));
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await anonymous.ReadTextAsync(), Is.EqualTo("""{"error":"Missing X-Api-Key header","code":"missing_api_key"}"""));
        Assert.That(wrongClient.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await again.ReadTextAsync(), Is.EqualTo("""{"error":"Todo not found","code":"todo_not_found"}"""));
        Assert.That(full.StatusCode, Is.EqualTo((HttpStatusCode)429));
        Assert.That(await full.ReadTextAsync(), Is.EqualTo("""{"error":"At most 3 todos"}"""));

        await server.StopAsync();
        await cluster.DisposeAsync();
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string apiKey)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", apiKey);
        return http.SendAsync(request);
    }
}
