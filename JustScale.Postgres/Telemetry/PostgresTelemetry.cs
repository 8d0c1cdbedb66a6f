using System.Diagnostics;
using System.Reflection;

namespace JustScale.Postgres;

/// <summary>Names the activity source JustScale.Postgres traces repository calls on, for OpenTelemetry's <c>AddSource</c>.</summary>
/// <remarks>
/// Each <see cref="PgRepository{T}"/> call is one activity (kind Client) named <c>justscale.postgres {operation} {table}</c>,
/// tagged in OpenTelemetry's database conventions: <c>db.system.name</c> <c>postgresql</c>, <c>db.collection.name</c> the
/// table, <c>db.operation.name</c> the SQL verb, and <c>justscale.postgres.operation</c> the repository operation. No
/// parameter value, SQL text or connection string is recorded. Without a listener no activity is created.
/// </remarks>
public static class PostgresTelemetry
{
    /// <summary>Holds the activity source's name: <c>JustScale.Postgres</c>.</summary>
    public const string Name = "JustScale.Postgres";

    /// <summary>Gets the activity source, versioned with the assembly's informational version.</summary>
    internal static ActivitySource Source { get; } = new(
        Name, typeof(PostgresTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
}
