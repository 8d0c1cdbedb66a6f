using System.Net;
using System.Text.Json.Nodes;
using JustScale.Core;
using JustScale.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JustScale.Auth.Tests.OpenApi;

/// <summary>An ordinary ASP.NET Core app with AddOpenApi/MapOpenApi and JustScale's auth: its one document lists the JustScale routes, secured as they are.</summary>
[TestFixture]
public sealed class HostOpenApiAuthTests
{
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private string _json = null!;
    private JsonNode _document = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddOpenApi();
        builder.AddJustScale(cluster => cluster
            .Add(InMemoryRepository.For<User>())
            .Add(InMemoryRepository.For<Session>())
            .Add(InMemoryRepository.For<AuthToken>())
            .Add<AuthFeature>()
            .Add(new AuthEndpointsFeature())
            .Add(NoteRoutes.Notes));
        _app = builder.Build();
        _app.MapOpenApi();
        _app.MapJustScale();
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };

        using var response = await _http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        _json = await response.Content.ReadAsStringAsync();
        _document = JsonNode.Parse(_json)!;
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private JsonNode Operation(string path, string method) => _document["paths"]![path]![method]!;

    private static string[] Schemes(JsonNode operation) =>
        [.. operation["security"]?.AsArray().SelectMany(requirement => requirement!.AsObject().Select(scheme => scheme.Key)) ?? []];

    [Test]
    public void Document_ListsTheAppsRouteAndTheAccountRoutes_WithADateTime()
    {
        var paths = _document["paths"]!.AsObject().Select(p => p.Key).ToList();

        Assert.That(paths, Is.SupersetOf(new[] { "/notes/{id}", "/account/me", "/account/password/forgot", "/account/sessions/{sessionId}" }));
        Assert.That(_json, Does.Contain("\"format\": \"date-time\"").Or.Contain("\"format\":\"date-time\""));
        Assert.That(_document["components"]!["schemas"]!["NoteOut"]!["properties"]!["updatedAt"]!["format"]!.GetValue<string>(), Is.EqualTo("date-time"));
    }

    [Test]
    public void AuthenticatedPatch_DeclaresBodyParamsResponseAndBearer()
    {
        var patch = Operation("/notes/{id}", "patch");
        var id = patch["parameters"]!.AsArray().Single()!;

        Assert.That(patch["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>(), Is.EqualTo("#/components/schemas/NoteBody"));
        Assert.That(patch["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>(), Is.EqualTo("#/components/schemas/NoteOut"));
        Assert.That(patch["responses"]!.AsObject().Select(r => r.Key), Is.SupersetOf(new[] { "200", "400", "401", "413", "415" }));
        Assert.That(id["in"]!.GetValue<string>(), Is.EqualTo("path"));
        Assert.That(id["schema"]!["format"]!.GetValue<string>(), Is.EqualTo("uuid"));
        Assert.That(Schemes(patch), Is.EqualTo(new[] { "bearerAuth" }), "the cookie scheme only exists with the cookie transport on");
        Assert.That(_document["components"]!["securitySchemes"]!["bearerAuth"]!["scheme"]!.GetValue<string>(), Is.EqualTo("bearer"));
    }

    [Test]
    public async Task AccountMe_AnswersTheMembersItsSchemaDeclares()
    {
        var user = await _app.Services.GetRequiredService<UserService>().RegisterAsync("ada@example.com", "correct horse battery staple");
        var session = await _app.Services.GetRequiredService<SessionService>().CreateAsync(user);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/account/me", UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", session.Token);

        using var response = await _http.SendAsync(request);
        var answered = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject().Select(p => p.Key);
        var declared = _document["components"]!["schemas"]!["AccountProfile"]!["properties"]!.AsObject().Select(p => p.Key);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(answered, Is.EquivalentTo(declared));
        Assert.That(answered, Is.EquivalentTo(new[] { "id", "email", "name", "emailVerified", "roles", "impersonatedBy" }));
    }

    [Test]
    public void AccountRoutes_AreSecuredOrAnonymousAsTheyRun()
    {
        Assert.That(Schemes(Operation("/account/me", "get")), Is.EqualTo(new[] { "bearerAuth" }));
        Assert.That(Operation("/account/me", "get")["responses"]!["401"], Is.Not.Null);
        Assert.That(Operation("/account/me", "get")["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>(),
            Is.EqualTo("#/components/schemas/AccountProfile"));
        Assert.That(Schemes(Operation("/account/password/forgot", "post")), Is.Empty);
        Assert.That(Operation("/account/password/forgot", "post")["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"], Is.Not.Null);
        Assert.That(Operation("/account/password/forgot", "post")["responses"]!["429"], Is.Not.Null);
    }
}
