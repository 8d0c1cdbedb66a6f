using System.Text;
using JustScale.Core;
using JustScale.Http.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace JustScale.Http.Hosting;

/// <summary>Compiles the controllers' routes into ASP.NET Core endpoints once, at startup.</summary>
internal static class EndpointCompiler
{
    /// <summary>Creates one endpoint builder per route, in registration order; throws when two routes have the same method and path.</summary>
    /// <remarks>A GET route answers HEAD too (Kestrel sends the headers of the GET answer without its body).</remarks>
    public static List<RouteEndpointBuilder> Compile(IEnumerable<ControllerRoutes> controllers, ServerSettings settings)
    {
        var endpoints = new List<RouteEndpointBuilder>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var controller in controllers)
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

                var runner = new RouteRunner(route, display, settings);
                var builder = new RouteEndpointBuilder(runner.InvokeAsync, pattern, order: 0)
                {
                    DisplayName = $"{display} ({owner})",
                };
                builder.Metadata.Add(new HttpMethodMetadata(route.Method == HttpMethods.Get ? [HttpMethods.Get, HttpMethods.Head] : [route.Method]));
                endpoints.Add(builder);
            }
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
