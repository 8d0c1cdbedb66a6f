using JustScale.Http.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace JustScale.Http.OpenApi;

/// <summary>Turns what a route declares into ASP.NET Core endpoint metadata: what it accepts, what it answers, whether it is described.</summary>
/// <remarks>
/// The metadata is the platform's own (<see cref="IProducesResponseTypeMetadata"/>, <see cref="IExcludeFromDescriptionMetadata"/>)
/// beside the route's declarations (<see cref="BodyDeclaration"/> for the body), so that ApiExplorer, Microsoft.AspNetCore.OpenApi
/// and any tool that reads endpoint metadata see JustScale routes as they see minimal APIs. Responses come from
/// <c>.Returns</c> and from the steps: 400 where a body, query or parameters are bound, 413/415 where a body is, 403 for a
/// guard, 429 for a rate limit, and what a middleware's <see cref="OpenApiResponseAttribute"/> says (401 for <c>Auth</c>).
/// </remarks>
internal static class EndpointDescriptions
{
    private const string Json = "application/json";

    /// <summary>Adds the route's declarations and the metadata they imply to an endpoint's metadata.</summary>
    public static void AddTo(IList<object> metadata, string controller, string prefix, string name, RouteDefinition route)
    {
        var declared = route.Metadata;
        // No IAcceptsMetadata for the body: routing's AcceptsMatcherPolicy acts on it, and would answer a wrong content type
        // before the route does (404 or a bare 415, in place of JustScale's 415 {"error", "code"}). The BodyDeclaration
        // carries the type; the provider describes it as JSON.
        object[] added =
        [
            new JustScaleRouteMetadata(controller, name, Group(prefix) ?? controller),
            .. declared,
            .. declared.OfType<HiddenDeclaration>().Any() ? [new ExcludeFromDescriptionAttribute()] : Array.Empty<object>(),
            .. Responses(route, declared, declared.OfType<BodyDeclaration>().Any()),
        ];
        foreach (var item in added)
        {
            metadata.Add(item);
        }
    }

    private static IEnumerable<ProducesResponseTypeMetadata> Responses(RouteDefinition route, IReadOnlyList<object> declared, bool hasBody)
    {
        // Declared responses first; the ones the steps imply are added where the route did not declare that status.
        var responses = new SortedDictionary<int, ProducesResponseTypeMetadata>();
        foreach (var response in declared.OfType<ResponseDeclaration>())
        {
            // An error status declared without a type answers the wire format's {"error", "code"}.
            var type = response.Type ?? (response.StatusCode >= 400 ? typeof(ErrorResponse) : null);
            responses[response.StatusCode] = Produces(response.StatusCode, type, response.Description ?? Reason(response.StatusCode));
        }

        void Implied(int status, Type type, string description) => responses.TryAdd(status, Produces(status, type, description));

        if (!responses.Keys.Any(status => status < 400))
        {
            Implied(200, typeof(void), "Success; the route declares no response body (see .Returns<T>()).");
        }

        if (hasBody || declared.Any(m => m is QueryDeclaration or ParamsDeclaration))
        {
            Implied(400, typeof(ValidationErrorResponse), "The request does not fit what the route declares (fields), or is not valid JSON.");
        }

        if (hasBody)
        {
            Implied(413, typeof(ErrorResponse), "The body is larger than the route accepts.");
            Implied(415, typeof(ErrorResponse), "The body is not declared as JSON.");
        }

        foreach (var response in declared.OfType<OpenApiResponseAttribute>())
        {
            Implied(response.StatusCode, typeof(ErrorResponse), response.Description);
        }

        if (declared.OfType<GuardRequirement>().Select(r => r.Text).ToList() is { Count: > 0 } requirements)
        {
            Implied(403, typeof(ErrorResponse), $"A guard refused the request. Requires: {string.Join("; ", requirements)}.");
        }

        if (route.HasGuard)
        {
            Implied(403, typeof(ErrorResponse), "A guard refused the request.");
        }

        if (route.RateLimitPolicies.Any())
        {
            Implied(429, typeof(ErrorResponse), "Too many requests; retry after the Retry-After header's seconds.");
        }

        return responses.Values;
    }

    private static ProducesResponseTypeMetadata Produces(int status, Type? type, string description) =>
        type is null || type == typeof(void) || status == StatusCodes.Status204NoContent
            ? new ProducesResponseTypeMetadata(status, typeof(void)) { Description = description }
            : new ProducesResponseTypeMetadata(status, type, [Json]) { Description = description };

    private static string Reason(int status) => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : $"Status {status}";

    private static string? Group(string prefix) =>
        prefix.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(s => !s.StartsWith(':') && !s.StartsWith('{'));
}
