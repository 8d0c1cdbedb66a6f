using Npgsql;
using NpgsqlTypes;

namespace JustScale.Postgres;

/// <summary>Creates the typed parameters the repository binds outside of model columns (ids, times, limits).</summary>
internal static class PgParameters
{
    public static NpgsqlParameter<Guid> Uuid(Guid value) => new() { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = value };

    public static NpgsqlParameter<DateTimeOffset> Time(DateTimeOffset value) => new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = value };

    public static NpgsqlParameter<string> Text(string value) => new() { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = value };

    public static NpgsqlParameter<long> Bigint(long value) => new() { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = value };
}
