using System.Text;
using JustScale.Core;
using JustScale.Http.Dependencies;
using JustScale.Http.OpenApi;
using JustScale.Http.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Http.Hosting;

/// <summary>Compiles the controllers' routes into ASP.NET Core endpoints once, at startup.</summary>
internal static class EndpointCompiler
{
    /// <summary>Creates one endpoint builder per route, in registration order; throws when two routes have the same method and path.</summary>
    /// <remarks>
    /// A GET route answers HEAD too (Kestrel sends the headers of the GET answer without its body). The singletons each route's
    /// steps declared are resolved here, once; a declared service the cluster lacks fails with <see cref="DependencyException"/>
    /// (routes of a controller with services exist only once the cluster compiled, so Build could not see theirs).
    /// </remarks>
    public static List<RouteEndpointBuilder> Compile(Cluster cluster, ServerSettings settings)
    {
        var endpoints = new List<RouteEndpointBuilder>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<MissingDependency>();
        foreach (var controller in cluster.Services.GetServices<ControllerRoutes>())
        {
            foreach (var (name, route) in controller.Routes)
            {
                var pattern = RoutePath.ToPattern(controller.Prefix, route.Path);
                var display = $"{route.Method} {pattern.RawText}";
                var owner = $"{controller.Name} \"{name}\"";
                if (!seen.TryAdd($"{route.Method} {Shape(pattern)}", owner))
                {
                    throw new JustScaleException(
                        $"Route {display} is declared twice: by {seen[$"{route.Method} {Shape(pattern)}"]} and by {owner}. Give one of them another path or method.");
                }

                foreach (var policy in route.RateLimitPolicies)
                {
                    if (!settings.RateLimits.Contains(policy))
                    {
                        throw new JustScaleException(
                            $"Route {display} ({owner}) uses rate limit policy \"{policy}\", which the cluster does not have. Add it with builder.Add(new RateLimitPolicy(\"{policy}\")...).");
                    }
                }

                var injected = RouteDependencies.Resolve(route, $"Route {display} ({owner})", cluster, missing);
                var runner = new RouteRunner(route, display, settings, injected);
                var builder = new RouteEndpointBuilder(runner.InvokeAsync, pattern, order: 0)
                {
                    DisplayName = $"{display} ({owner})",
                };
                builder.Metadata.Add(new HttpMethodMetadata(route.Method == HttpMethods.Get ? [HttpMethods.Get, HttpMethods.Head] : [route.Method]));
                EndpointDescriptions.AddTo(builder.Metadata, controller.Name, controller.Prefix, name, route); // for ApiExplorer and OpenAPI
                endpoints.Add(builder);
            }
        }

        if (missing.Count > 0)
        {
            throw new DependencyException(missing);
        }

        return endpoints;
    }

    /// <summary>Writes a pattern with literals in one case and parameters unnamed (constraints kept), so equivalent paths compare equal.</summary>
    private static string Shape(RoutePattern pattern)
    {
        var shape = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            shape.Append('/');
            foreach (var part in segment.Parts)
            {
                shape.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content.ToUpperInvariant(),
                    RoutePatternParameterPart parameter => "{" + string.Join(':', parameter.ParameterPolicies.Select(p => p.Content)) + "}",
                    _ => "?",
                });
            }
        }

        return shape.ToString();
    }
}
