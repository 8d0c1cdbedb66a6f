using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Baseline;

/// <summary>Answers GET /profile from the Bearer token, with the lookup and checks JustScale's Auth middleware makes.</summary>
internal static class ProfileEndpoint
{
    private const string BearerPrefix = "Bearer ";

    // One round trip for the session and its user, by the token's SHA-256 (the unique index on sessions.token).
    private const string FindSql = """
        SELECT s.id, s.expires_at, s.last_active_at, u.id, u.email, u.name, u.disabled_at
        FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token = $1
        """;

    // Written at most once a minute per session, as JustScale's TouchIfStaleAsync does.
    private const string TouchSql = "UPDATE sessions SET last_active_at = $1 WHERE id = $2 AND last_active_at <= $3";

    private const string DeleteSql = "DELETE FROM sessions WHERE id = $1";

    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    /// <summary>Returns the user's id, email and name, or 401 with JustScale's messages.</summary>
    public static async Task<IResult> GetAsync(HttpContext http, NpgsqlDataSource database, TimeProvider time)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return Unauthorized("Missing Authorization header");
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.Ordinal))
        {
            return Unauthorized("Expected Bearer token");
        }

        var token = header.AsSpan(BearerPrefix.Length);
        if (!IsToken(token))
        {
            return Unauthorized("Invalid or expired session");
        }

        var cancellationToken = http.RequestAborted;
        Guid sessionId, userId;
        DateTimeOffset expiresAt, lastActiveAt;
        string email;
        string? name;
        bool disabled;
        await using (var find = database.CreateCommand(FindSql))
        {
            find.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Varchar, TypedValue = Digest(token) });
            await using var reader = await find.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return Unauthorized("Invalid or expired session");
            }

            sessionId = reader.GetGuid(0);
            expiresAt = reader.GetFieldValue<DateTimeOffset>(1);
            lastActiveAt = reader.GetFieldValue<DateTimeOffset>(2);
            userId = reader.GetGuid(3);
            email = reader.GetString(4);
            name = reader.IsDBNull(5) ? null : reader.GetString(5);
            disabled = !reader.IsDBNull(6);
        }

        var now = time.GetUtcNow();
        if (now >= expiresAt)
        {
            await using var delete = database.CreateCommand(DeleteSql);
            delete.Parameters.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = sessionId });
            await delete.ExecuteNonQueryAsync(cancellationToken);
            return Unauthorized("Invalid or expired session");
        }

        if (disabled)
        {
            return Unauthorized("Invalid or expired session");
        }

        var staleBefore = now - TouchInterval;
        if (lastActiveAt <= staleBefore)
        {
            await using var touch = database.CreateCommand(TouchSql);
            touch.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = now });
            touch.Parameters.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = sessionId });
            touch.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = staleBefore });
            await touch.ExecuteNonQueryAsync(cancellationToken);
        }

        return Results.Json(new { id = userId, email, name });
    }

    private static IResult Unauthorized(string error) => Results.Json(new { error }, statusCode: StatusCodes.Status401Unauthorized);

    // A token is 64 lowercase hex characters.
    private static bool IsToken(ReadOnlySpan<char> token)
    {
        if (token.Length != 64)
        {
            return false;
        }

        foreach (var c in token)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    // The sessions table stores the lowercase hex SHA-256 of the token's bytes, never the token.
    private static string Digest(ReadOnlySpan<char> token)
    {
        Span<byte> bytes = stackalloc byte[64];
        Span<byte> hash = stackalloc byte[32];
        var length = Encoding.ASCII.GetBytes(token, bytes);
        SHA256.HashData(bytes[..length], hash);
        return Convert.ToHexStringLower(hash);
    }
}
