using Microsoft.AspNetCore.Routing.Patterns;

namespace JustScale.Http.Routing;

/// <summary>Turns the docs' paths (<c>/users/:userId</c>) into ASP.NET Core route templates (<c>/users/{userId}</c>).</summary>
internal static class RoutePath
{
    /// <summary>Checks a route path; throws <see cref="ArgumentException"/> with the reason.</summary>
    public static void Validate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException($"Route path \"{path}\" must start with '/'.", nameof(path));
        }

        Parse(ToTemplate(string.Empty, path), path);
    }

    /// <summary>Checks a controller prefix: empty, or starting with '/'.</summary>
    public static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length > 0 && !prefix.StartsWith('/'))
        {
            throw new ArgumentException($"Controller prefix \"{prefix}\" must be empty or start with '/'.", nameof(prefix));
        }

        Parse(ToTemplate(prefix, "/"), prefix);
    }

    /// <summary>Joins a prefix and a path into a route pattern, without a trailing slash.</summary>
    public static RoutePattern ToPattern(string prefix, string path) => Parse(ToTemplate(prefix, path), prefix + path);

    private static string ToTemplate(string prefix, string path)
    {
        var segments = $"{prefix}/{path}".Split('/', StringSplitOptions.RemoveEmptyEntries);
        return "/" + string.Join('/', segments.Select(Segment));
    }

    private static string Segment(string segment)
    {
        if (!segment.StartsWith(':'))
        {
            return segment;
        }

        var name = segment[1..];
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"Route parameter \"{segment}\" must be ':' followed by letters, digits or '_'.", nameof(segment));
        }

        return "{" + name + "}";
    }

    private static RoutePattern Parse(string template, string declared)
    {
        try
        {
            return RoutePatternFactory.Parse(template);
        }
        catch (RoutePatternException ex)
        {
            throw new ArgumentException($"Route path \"{declared}\" is not valid: {ex.Message}", nameof(declared), ex);
        }
    }
}
