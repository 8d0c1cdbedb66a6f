using System.Net;
using System.Text.Json;

namespace JustScale.Examples.Tests.OpenApi;

/// <summary>The complete example's OpenAPI document names what each guarded route requires: a role or a permission.</summary>
[TestFixture]
public sealed class AuthorizationOpenApiTests
{
    private RunningExample _example = null!;
    private JsonElement _paths;

    [OneTimeSetUp]
    public async Task FetchDocument()
    {
        _example = await RunningExample.StartAsync("Hosted", connectionString: null);
        using var http = new HttpClient { BaseAddress = _example.Url };
        using var response = await http.GetAsync("/openapi.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        _paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("paths").Clone();
    }

    [OneTimeTearDown]
    public async Task StopExample() => await _example.DisposeAsync();

    private string[] Requires(string path, string method) =>
        _paths.GetProperty(path).GetProperty(method).TryGetProperty("x-justscale-requires", out var list)
            ? [.. list.EnumerateArray().Select(e => e.GetString()!)]
            : [];

    private string Forbidden(string path, string method) =>
        _paths.GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty("403").GetProperty("description").GetString()!;

    [Test]
    public void AdminRoutes_RequireTheAdminRole()
    {
        Assert.That(Requires("/admin/users", "get"), Is.EqualTo(new[] { "role admin" }));
        Assert.That(Requires("/admin/users/{userId}/impersonate", "post"), Is.EqualTo(new[] { "role admin" }));
        Assert.That(Forbidden("/admin/users/{userId}/ban", "post"), Does.Contain("role admin"));
    }

    [Test]
    public void OrganizationAndProjectRoutes_NameTheirPermissions()
    {
        Assert.That(Requires("/orgs/{orgId}/invitations", "post"), Is.EqualTo(new[] { "Organization.manage on :orgId (org-admin of the Organization)" }));
        Assert.That(Requires("/orgs/{orgId}/members", "get"), Is.EqualTo(new[] { "Organization.view on :orgId (org-member of the Organization)" }));
        Assert.That(Requires("/orgs/{orgId}/projects/{projectId}", "delete"), Is.EqualTo(new[]
        {
            "Organization.view on :orgId (org-member of the Organization)",
            "Project.delete on :projectId (org-admin of Organization)",
        }));
        Assert.That(Requires("/projects", "get"), Is.Empty, "filtered in the query, not guarded");
    }
}
