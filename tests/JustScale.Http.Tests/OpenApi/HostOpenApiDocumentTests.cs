using System.Net;
using System.Text.Json.Nodes;
using JustScale.Core;
using JustScale.Http.Tests.Support;
using JustScale.Http.Tests.Typed;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Http.Tests.OpenApi;

/// <summary>Fetches the host's own OpenAPI document (AddOpenApi, MapOpenApi) over HTTP and checks that it describes the JustScale routes.</summary>
public sealed class HostOpenApiDocumentTests
{
    private HostedServer? _live;
    private JsonNode _document = null!;

    private HostedServer Server => _live ?? throw new InvalidOperationException("The server is not started.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _live = await HostedServer.StartAsync(
            cluster => cluster.Add(TypedRoutes.Items).Add(OpenApiRoutes.Clock).Add(TypedServer.ItemsPolicy).Add(SignedKeys.SecurityScheme),
            services: builder => builder.Services.AddOpenApi(),
            pipeline: app =>
            {
                app.MapOpenApi();
                app.MapGet("/minimal/ping", () => "pong"); // a minimal API of the host, in the same document
                app.MapPost("/minimal/count", (HostCounter counter) => counter); // the host's own type keeps the host's JSON rules
            },
            routes: justScale => justScale.WithTags("api")); // the host's conventions reach the description
        using var response = await Server.Client.GetAsync("/openapi/v1.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        _document = (await response.ReadJsonAsync())!;
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await Server.DisposeAsync();

    private JsonNode Operation(string path, string method) => _document["paths"]![path]![method]!;

    private JsonNode Schema(string name) => _document["components"]!["schemas"]![name]!;

    private static string? Ref(JsonNode? node) => node?["$ref"]?.GetValue<string>();

    [Test]
    public void Document_ListsJustScaleRoutesInOpenApiFormBesideTheHostsMinimalApis()
    {
        Assert.That(_document["openapi"]!.GetValue<string>(), Does.StartWith("3.1"));
        Assert.That(_document["paths"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[]
        {
            "/items/register", "/items/key-then-body", "/items/body-then-key", "/items", "/items/{id}", "/clock", "/minimal/ping", "/minimal/count",
        }));
        Assert.That(_document["paths"]!["/items/{id}"]!.AsObject().Select(o => o.Key), Is.EquivalentTo(new[] { "get", "put", "delete" }));
    }

    [Test]
    public void HostConventionsOnMapJustScale_ReachTheOperations()
    {
        Assert.That(Operation("/items/{id}", "put")["tags"]!.ToJsonString(), Is.EqualTo("""["api"]"""));
        Assert.That(Operation("/clock", "get")["tags"]!.ToJsonString(), Is.EqualTo("""["api"]"""));
        Assert.That(Operation("/minimal/ping", "get")["tags"]!.ToJsonString(), Does.Not.Contain("api"));
    }

    [Test]
    public void Body_IsARequiredJsonRequestBody_ByReferenceToItsComponent()
    {
        var register = Operation("/items/register", "post");
        var body = register["requestBody"]!;

        Assert.That(body["required"]!.GetValue<bool>(), Is.True);
        Assert.That(Ref(body["content"]!["application/json"]!["schema"]), Is.EqualTo("#/components/schemas/Registration"));
        Assert.That(Schema("Registration")["properties"]!.AsObject().Select(p => p.Key), Is.SupersetOf(new[] { "email", "password", "name", "age", "address" }));
        Assert.That(Schema("Registration")["properties"]!["address"]!.ToJsonString(), Does.Contain("\"$ref\":\"#/components/schemas/Address\""));
    }

    [Test]
    public void Schemas_SayWhatJustScalesBinderDoes_StrictNumbersAndRulesOnPositionalParameters()
    {
        var registration = Schema("Registration")["properties"]!;

        Assert.That(Schema("Item")["properties"]!["id"]!["type"]!.GetValue<string>(), Is.EqualTo("integer"), "JustScale reads numbers strictly");
        Assert.That(Schema("Item")["properties"]!["id"]!["pattern"], Is.Null);
        Assert.That(registration["email"]!["format"]!.GetValue<string>(), Is.EqualTo("email"));
        Assert.That(registration["password"]!["minLength"]!.GetValue<int>(), Is.EqualTo(8));
        Assert.That(registration["password"]!["maxLength"]!.GetValue<int>(), Is.EqualTo(20));
        Assert.That(registration["age"]!["maximum"]!.GetValue<decimal>(), Is.EqualTo(130));
        Assert.That(Schema("HostCounter")["properties"]!["value"]!["type"]!.ToJsonString(), Does.Contain("string"), "a host's type is left as the host's options say");
    }

    [Test]
    public void Responses_HaveTheirDeclaredSchemaPerStatus_AndTheImpliedErrorBodies()
    {
        var responses = Operation("/items/register", "post")["responses"]!;

        Assert.That(responses.AsObject().Select(r => r.Key), Is.EquivalentTo(new[] { "201", "400", "413", "415" }));
        Assert.That(Ref(responses["201"]!["content"]!["application/json"]!["schema"]), Is.EqualTo("#/components/schemas/Registration"));
        Assert.That(Ref(responses["400"]!["content"]!["application/json"]!["schema"]), Is.EqualTo("#/components/schemas/ValidationErrorResponse"));
        Assert.That(Ref(responses["413"]!["content"]!["application/json"]!["schema"]), Is.EqualTo("#/components/schemas/ErrorResponse"));
        Assert.That(Ref(Operation("/items", "get")["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["items"]),
            Is.EqualTo("#/components/schemas/Item"));
    }

    [Test]
    public void ErrorResponses_DeclaredWithoutType_AreTheWireErrorBody()
    {
        var notFound = Operation("/items/{id}", "get")["responses"]!["404"]!;
        var error = Schema("ErrorResponse");

        Assert.That(notFound["description"]!.GetValue<string>(), Is.EqualTo("No such item."));
        Assert.That(Ref(notFound["content"]!["application/json"]!["schema"]), Is.EqualTo("#/components/schemas/ErrorResponse"));
        Assert.That(error["properties"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "error", "code" }));
        Assert.That(error["required"]!.AsArray().Select(n => n!.GetValue<string>()), Does.Contain("error"));
        Assert.That(Schema("ValidationErrorResponse")["properties"]!["fields"], Is.Not.Null);
    }

    [Test]
    public void Query_BecomesQueryParametersNamedAsTheWireNamesThem()
    {
        var parameters = Operation("/items", "get")["parameters"]!.AsArray();
        var names = parameters.Select(p => p!["name"]!.GetValue<string>());
        var sort = parameters.Single(p => p!["name"]!.GetValue<string>() == "sort")!;
        var limit = parameters.Single(p => p!["name"]!.GetValue<string>() == "limit")!;

        Assert.That(names, Is.EquivalentTo(new[] { "sort", "limit", "desc", "search", "ids" }));
        Assert.That(parameters.Select(p => p!["in"]!.GetValue<string>()), Is.All.EqualTo("query"));
        Assert.That(sort["required"]!.GetValue<bool>(), Is.True);
        Assert.That(limit["required"]?.GetValue<bool>() ?? false, Is.False);
        Assert.That(limit["schema"]!["type"]!.ToJsonString(), Does.Contain("integer"));
    }

    [Test]
    public void TypedParams_GiveThePathParameterItsType()
    {
        var id = Operation("/items/{id}", "get")["parameters"]!.AsArray().Single()!;

        Assert.That(id["name"]!.GetValue<string>(), Is.EqualTo("id"));
        Assert.That(id["in"]!.GetValue<string>(), Is.EqualTo("path"));
        Assert.That(id["required"]!.GetValue<bool>(), Is.True);
        Assert.That(id["schema"]!["type"]!.ToJsonString(), Does.Contain("integer"));
    }

    [Test]
    public void SecuredRoute_HasItsSchemeAnd401_AnonymousRouteHasNone()
    {
        var update = Operation("/items/{id}", "put");

        Assert.That(update["security"]!.ToJsonString(), Is.EqualTo("""[{"apiKey":[]}]"""), "a scheme the cluster lacks is left out");
        Assert.That(update["responses"]!["401"]!["description"]!.GetValue<string>(), Is.EqualTo("Missing key."));
        Assert.That(update["responses"]!["403"], Is.Not.Null);
        Assert.That(_document["components"]!["securitySchemes"]!["apiKey"]!.ToJsonString(),
            Is.EqualTo("""{"type":"apiKey","name":"X-Key","in":"header"}"""));
        Assert.That(Operation("/items/{id}", "get")["security"], Is.Null);
        Assert.That(Operation("/clock", "get")["security"], Is.Null);
    }

    [Test]
    public void RateLimitedRoute_Has429WithRetryAfter_And204WithoutContent()
    {
        var remove = Operation("/items/{id}", "delete");

        Assert.That(remove["responses"]!["429"]!["headers"]!["Retry-After"], Is.Not.Null);
        Assert.That(remove["responses"]!["204"]!["content"], Is.Null);
    }

    [Test]
    public void DateTimeOffset_IsADateTimeString()
    {
        var reading = Schema("ClockReading")["properties"]!;

        Assert.That(reading["at"]!["type"]!.GetValue<string>(), Is.EqualTo("string"));
        Assert.That(reading["at"]!["format"]!.GetValue<string>(), Is.EqualTo("date-time"));
        Assert.That(reading["until"]!.ToJsonString(), Does.Contain("date-time"));
    }

    [Test]
    public async Task ExcludedRoute_IsServedButNotDescribed()
    {
        using var response = await Server.Client.GetAsync("/clock/internal");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(_document["paths"]!["/clock/internal"], Is.Null);
    }
}
