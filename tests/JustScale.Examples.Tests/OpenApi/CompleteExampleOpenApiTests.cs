using System.Net;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace JustScale.Examples.Tests.OpenApi;

/// <summary>Fetches <c>GET /openapi.json</c> from the running hosted complete example and reads it with OpenAPI.NET.</summary>
[TestFixture]
public sealed class CompleteExampleOpenApiTests
{
    private RunningExample _example = null!;
    private string _json = null!;
    private OpenApiDocument _document = null!;
    private OpenApiDiagnostic _diagnostic = null!;

    [OneTimeSetUp]
    public async Task FetchDocument()
    {
        _example = await RunningExample.StartAsync("Hosted", connectionString: null);
        using var http = new HttpClient { BaseAddress = _example.Url };
        using var response = await http.GetAsync("/openapi.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        _json = await response.Content.ReadAsStringAsync();
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(_json));
        var result = OpenApiDocument.Load(stream, "json");
        _document = result.Document ?? throw new AssertionException("no document: " + string.Join("; ", result.Diagnostic?.Errors ?? []));
        _diagnostic = result.Diagnostic ?? throw new AssertionException("no diagnostic");
    }

    [OneTimeTearDown]
    public async Task StopExample() => await _example.DisposeAsync();

    private OpenApiOperation Operation(string path, HttpMethod method) =>
        _document.Paths[path].Operations![method];

    [Test]
    public void Document_ReadByOpenApiNet_HasNoErrors()
    {
        var validation = _document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? [];

        Assert.That(_diagnostic.Errors, Is.Empty, _json);
        Assert.That(_diagnostic.SpecificationVersion, Is.EqualTo(OpenApiSpecVersion.OpenApi3_1));
        Assert.That(validation, Is.Empty, _json);
    }

    [Test]
    public void Document_IsTheHostsOne_WithTheJustScaleRoutesAndTheMinimalApis()
    {
        Assert.That(_document.Info.Title, Is.EqualTo("JustScale complete example"));
        Assert.That(_document.Paths.Keys, Is.SupersetOf(new[] { "/profile", "/account/me", "/auth/login", "/aspnet/whoami" }));
        Assert.That(_document.Paths.Keys, Has.None.Contains(':'), "paths in OpenAPI form");
        Assert.That(_json, Does.Contain("\"format\": \"date-time\""));
        Assert.That(Operation("/account/me", HttpMethod.Get).Responses!["200"].Content!["application/json"].Schema!.Properties!.Keys,
            Is.SupersetOf(new[] { "id", "email", "emailVerified", "roles" }));
    }

    [Test]
    public void Profile_RequiresBearerAndAnswers401()
    {
        var profile = Operation("/profile", HttpMethod.Get);
        var schemes = profile.Security!.SelectMany(requirement => requirement.Keys).Select(scheme => scheme.Reference.Id).ToList();

        Assert.That(schemes, Does.Contain("bearerAuth"));
        Assert.That(profile.Responses!.ContainsKey("401"), Is.True);
        Assert.That(profile.Responses["200"].Content!["application/json"].Schema!.Properties!.Keys, Is.EquivalentTo(new[] { "id", "email", "name" }));
        Assert.That(_document.Components!.SecuritySchemes!["bearerAuth"].Scheme, Is.EqualTo("bearer"));
    }

    [Test]
    public void GuardedRoute_Answers403()
    {
        var update = Operation("/users/{userId}", HttpMethod.Patch);

        Assert.That(update.Responses!.Keys, Is.SupersetOf(new[] { "401", "403" }));
        Assert.That(update.Parameters!.Single().Name, Is.EqualTo("userId"));
        Assert.That(update.Parameters!.Single().In, Is.EqualTo(ParameterLocation.Path));
    }

    [Test]
    public void Register_HasBodySchemaWithEmailRequired()
    {
        var register = Operation("/auth/register", HttpMethod.Post);
        var schema = register.RequestBody!.Content!["application/json"].Schema!;

        Assert.That(schema.Required, Does.Contain("email").And.Contain("password").And.Not.Contain("name"));
        Assert.That(register.Responses!.Keys, Is.SupersetOf(new[] { "200", "400", "409", "413", "429" }));
        Assert.That(register.Security, Is.Null.Or.Empty);
    }

    [Test]
    public void Login_HasBodyAndIsRateLimited()
    {
        var login = Operation("/auth/login", HttpMethod.Post);

        Assert.That(login.RequestBody!.Content!["application/json"].Schema!.Required, Is.EquivalentTo(new[] { "email", "password" }));
        Assert.That(login.Responses!.ContainsKey("429"), Is.True);
    }

    [Test]
    public void AccountRoutes_DeclareTheirBodies()
    {
        var change = Operation("/account/password/change", HttpMethod.Post);

        Assert.That(change.RequestBody!.Content!["application/json"].Schema!.Required, Is.EquivalentTo(new[] { "currentPassword", "newPassword" }));
        Assert.That(change.Responses!.Keys, Is.SupersetOf(new[] { "400", "401", "429" }));
        Assert.That(Operation("/account/sessions/{sessionId}", HttpMethod.Delete).Responses!.ContainsKey("401"), Is.True);
    }

    [Test]
    public void OptionalAuthRoute_AcceptsAnonymousToo()
    {
        var feed = Operation("/feed", HttpMethod.Get);

        Assert.That(feed.Security, Has.Count.EqualTo(2), "bearer, or nothing");
        Assert.That(feed.Responses!.ContainsKey("401"), Is.False);
    }
}
