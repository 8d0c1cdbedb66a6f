using System.Reflection;

namespace JustScale.Auth;

/// <summary>Names the meter and the activity source JustScale.Auth reports to, for OpenTelemetry's <c>AddMeter</c> and <c>AddSource</c>.</summary>
/// <remarks>
/// Built on <c>System.Diagnostics</c> only: nothing is measured or traced until a listener (an OpenTelemetry SDK,
/// <c>dotnet-counters</c>, a test's <c>MetricCollector</c>) subscribes to <see cref="Name"/>. No tag ever holds an email,
/// a token, a password, a hash or an IP address; activities carry the user's id (<c>enduser.id</c>) only once they succeeded.
/// </remarks>
public static class AuthTelemetry
{
    /// <summary>Holds the name of both the meter and the activity source: <c>JustScale.Auth</c>.</summary>
    public const string Name = "JustScale.Auth";

    /// <summary>Gets the assembly's informational version, reported as the meter's and the source's version.</summary>
    internal static string? Version { get; } =
        typeof(AuthTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
}
