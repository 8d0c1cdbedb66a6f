using System.Net;
using System.Text.Json.Nodes;
using JustScale.Core;
using JustScale.Http.Tests.Support;

namespace JustScale.Http.Tests.Typed;

/// <summary>Fetches the OpenAPI document of the typed routes over HTTP, in both styles, and checks what each route declares.</summary>
[TestFixture("Listen")]
[TestFixture("Hosted")]
public sealed class OpenApiDocumentTests(string style)
{
    private ITestServer? _live;
    private JsonNode _document = null!;

    private ITestServer Server => _live ?? throw new InvalidOperationException("The server is not started.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        void Cluster(ClusterBuilder builder) => builder.Add(TypedRoutes.Items).Add(TypedServer.ItemsPolicy).Add(SignedKeys.SecurityScheme);
        _live = style == "Hosted"
            ? await HostedServer.StartAsync(Cluster, pipeline: app => app.MapJustScaleOpenApi(configure: o => o.Title = "Items"))
            : await LiveServer.StartAsync(builder =>
            {
                Cluster(builder);
                builder.Add(OpenApiGenerator.Controller(options: new OpenApiDocumentOptions { Title = "Items" }));
            });
        using var response = await Server.Client.GetAsync("/openapi.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        _document = (await response.ReadJsonAsync())!;
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await Server.DisposeAsync();

    private JsonNode Operation(string path, string method) => _document["paths"]![path]![method]!;

    [Test]
    public void Document_HeaderAndPaths_AreOpenApi31WithTemplatedPaths()
    {
        Assert.That(_document["openapi"]!.GetValue<string>(), Is.EqualTo("3.1.1"));
        Assert.That(_document["info"]!["title"]!.GetValue<string>(), Is.EqualTo("Items"));
        Assert.That(_document["paths"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[]
        {
            "/items/register", "/items/key-then-body", "/items/body-then-key", "/items", "/items/{id}",
        }));
    }

    [Test]
    public void Body_IsTheRequestSchema_WithRequiredMembersAndRules()
    {
        var register = Operation("/items/register", "post");
        var schema = register["requestBody"]!["content"]!["application/json"]!["schema"]!;

        Assert.That(register["requestBody"]!["required"]!.GetValue<bool>(), Is.True);
        Assert.That(schema["required"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EquivalentTo(new[] { "email", "password" }));
        Assert.That(schema["properties"]!["email"]!["format"]!.GetValue<string>(), Is.EqualTo("email"));
        Assert.That(schema["properties"]!["password"]!["minLength"]!.GetValue<int>(), Is.EqualTo(8));
        Assert.That(schema["properties"]!["age"]!["maximum"]!.GetValue<double>(), Is.EqualTo(130));
        Assert.That(register["responses"]!["201"]!["content"]!["application/json"], Is.Not.Null);
        Assert.That(register["responses"]!.AsObject().Select(r => r.Key), Is.EquivalentTo(new[] { "201", "400", "413", "415" }));
        Assert.That(register["responses"]!["400"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>(),
            Is.EqualTo("#/components/schemas/ValidationError"));
    }

    [Test]
    public void Query_BecomesQueryParameters()
    {
        var parameters = Operation("/items", "get")["parameters"]!.AsArray();
        var sort = parameters.Single(p => p!["name"]!.GetValue<string>() == "sort")!;
        var limit = parameters.Single(p => p!["name"]!.GetValue<string>() == "limit")!;

        Assert.That(parameters.Select(p => p!["in"]!.GetValue<string>()), Is.All.EqualTo("query"));
        Assert.That(sort["required"]!.GetValue<bool>(), Is.True);
        Assert.That(limit["required"]!.GetValue<bool>(), Is.False);
        Assert.That(limit["schema"]!["maximum"]!.GetValue<double>(), Is.EqualTo(100));
    }

    [Test]
    public void TypedParams_GiveThePathParameterItsType()
    {
        var id = Operation("/items/{id}", "get")["parameters"]![0]!;

        Assert.That(id["in"]!.GetValue<string>(), Is.EqualTo("path"));
        Assert.That(id["required"]!.GetValue<bool>(), Is.True);
        Assert.That(id["schema"]!["type"]!.ToJsonString(), Does.Contain("integer"));
        Assert.That(Operation("/items/{id}", "get")["responses"]!["404"]!["description"]!.GetValue<string>(), Is.EqualTo("No such item."));
        Assert.That(Operation("/items/{id}", "get")["responses"]!["404"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>(),
            Is.EqualTo("#/components/schemas/Error"));
    }

    [Test]
    public void SecuredGuardedRoute_HasSchemeFrom401MiddlewareAnd403()
    {
        var update = Operation("/items/{id}", "put");

        Assert.That(update["security"]!.ToJsonString(), Is.EqualTo("""[{"apiKey":[]}]"""), "a scheme the cluster lacks is left out");
        Assert.That(update["responses"]!["401"]!["description"]!.GetValue<string>(), Is.EqualTo("Missing key."));
        Assert.That(update["responses"]!["403"], Is.Not.Null);
        Assert.That(_document["components"]!["securitySchemes"]!["apiKey"]!.ToJsonString(),
            Is.EqualTo("""{"type":"apiKey","in":"header","name":"X-Key"}"""));
    }

    [Test]
    public void RateLimitedRoute_Has429WithRetryAfter()
    {
        var remove = Operation("/items/{id}", "delete");

        Assert.That(remove["responses"]!["429"]!["headers"]!["Retry-After"], Is.Not.Null);
        Assert.That(remove["responses"]!["204"]!["content"], Is.Null);
        Assert.That(remove["security"], Is.Null);
    }
}
