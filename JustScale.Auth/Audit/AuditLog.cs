using System.Buffers.Binary;
using System.Buffers.Text;
using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Records auth events in the audit trail and lists them, newest first, in keyset-paged pages (one index scan per page).</summary>
/// <remarks>Provided by <see cref="AuditFeature"/>, which makes it an <see cref="IAuthEventRecorder"/>: every auth event is
/// written in the transaction of the change it records. Entries hold ids, the type, the time, the client's IP and user
/// agent and the acting admin: never an email, token, password, hash or code.</remarks>
/// <param name="entries">The entries' repository.</param>
/// <param name="options">The trail's options (<see cref="AuditOptions.MaxPageSize"/>).</param>
public sealed class AuditLog(IRepository<AuditEntry> entries, AuditOptions options)
{
    private static readonly Field<AuditEntry, Guid?> UserIdField = AuditEntry.Model.Field(e => e.UserId);
    private static readonly Field<AuditEntry, string> TypeField = AuditEntry.Model.Field(e => e.Type);
    private static readonly Field<AuditEntry, DateTimeOffset> OccurredAtField = AuditEntry.Model.Field(e => e.OccurredAt);
    private static readonly Field<AuditEntry, Guid> IdField = AuditEntry.Model.Id;
    private static readonly IReadOnlyList<Ordering<AuditEntry>> NewestFirst =
        [Ordering<AuditEntry>.ByDescending(OccurredAtField), Ordering<AuditEntry>.ByDescending(IdField)];

    private readonly IRepository<AuditEntry> _entries = entries ?? throw new ArgumentNullException(nameof(entries));
    private readonly AuditOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Returns one page of entries, newest first, matching the query's user, type and time range.</summary>
    /// <remarks>Ordered by time, then id, both descending: with a user (or a type) that is one backward scan of the
    /// <c>(UserId, OccurredAt, Id)</c> (or <c>(Type, OccurredAt, Id)</c>) index, bounded by the cursor, at any table size.</remarks>
    /// <exception cref="InvalidAuthInputException">The limit is out of range (<c>invalid_limit</c>), the cursor malformed
    /// (<c>invalid_cursor</c>), the type unknown (<c>invalid_type</c>) or the range reversed (<c>invalid_range</c>).</exception>
    public async Task<AuditPage> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit < 1 || query.Limit > _options.MaxPageSize)
        {
            throw new InvalidAuthInputException($"limit must be a number from 1 to {_options.MaxPageSize}", "invalid_limit");
        }

        if (query.Type is not null && !AuthEventTypes.IsKnown(query.Type))
        {
            throw new InvalidAuthInputException("type is not a known event type", "invalid_type");
        }

        if (query is { From: { } from, To: { } to } && from >= to)
        {
            throw new InvalidAuthInputException("from must be before to", "invalid_range");
        }

        var all = Filter<AuditEntry>.All;
        var filter = (query.UserId is { } userId ? all.And(UserIdField, userId) : all)
            & (query.Type is { } type ? all.And(TypeField, type) : all)
            & (query.From is { } since ? all.And(OccurredAtField, Comparison.GreaterThanOrEqual, Timestamps.Normalize(since)) : all)
            & (query.To is { } until ? all.And(OccurredAtField, Comparison.LessThan, Timestamps.Normalize(until)) : all);

        if (query.Cursor is { } cursor)
        {
            var (at, id) = DecodeCursor(cursor);
            // (OccurredAt, Id) < (at, id), with the bound on OccurredAt alone stated too, so the index range starts at the cursor.
            filter &= Filter<AuditEntry>.Where(OccurredAtField, Comparison.LessThanOrEqual, at)
                & (Filter<AuditEntry>.Where(OccurredAtField, Comparison.LessThan, at) | Filter<AuditEntry>.Where(IdField, Comparison.LessThan, id));
        }

        var found = await _entries.FindManyAsync(filter, new FindOptions<AuditEntry> { Orderings = NewestFirst, Limit = query.Limit + 1 }, cancellationToken)
            .ConfigureAwait(false);
        return found.Count > query.Limit
            ? new AuditPage([.. found.Take(query.Limit)], EncodeCursor(found[query.Limit - 1]))
            : new AuditPage(found, null);
    }

    /// <summary>Deletes entries that happened before <paramref name="cutoff"/>, at most <paramref name="limit"/>; returns how many.</summary>
    public Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken = default) =>
        _entries.DeleteWhereAsync(Filter<AuditEntry>.Where(OccurredAtField, Comparison.LessThan, cutoff), limit, cancellationToken);

    /// <summary>Writes one event as an entry (in the ambient transaction, when there is one).</summary>
    internal async ValueTask RecordAsync(AuthEvent authEvent, CancellationToken cancellationToken)
    {
        var entry = new AuditEntry
        {
            UserId = authEvent.UserId,
            Type = authEvent.Type,
            OccurredAt = Timestamps.Normalize(authEvent.At),
            IpAddress = authEvent.IpAddress is { Length: <= 45 } ip ? ip : null,
            UserAgent = authEvent.UserAgent,
            ActorId = authEvent.ActorId,
            SessionId = authEvent.SessionId,
            Count = authEvent.Count,
        };
        await _entries.InsertAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    // The cursor is the last entry's time (UTC ticks) and id, base64url: opaque to clients, checked when read.
    private static string EncodeCursor(AuditEntry last)
    {
        Span<byte> bytes = stackalloc byte[24];
        BinaryPrimitives.WriteInt64BigEndian(bytes, last.OccurredAt.UtcTicks);
        last.Id.TryWriteBytes(bytes[8..], bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    private static (DateTimeOffset At, Guid Id) DecodeCursor(string cursor)
    {
        Span<byte> bytes = stackalloc byte[24];
        var ticks = cursor.Length == 32 && Base64Url.TryDecodeFromChars(cursor, bytes, out var written) && written == 24
            ? BinaryPrimitives.ReadInt64BigEndian(bytes)
            : long.MinValue; // not 24 bytes of base64url: refused below like a time out of range
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw new InvalidAuthInputException("cursor is malformed", "invalid_cursor");
        }

        return (new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes[8..], bigEndian: true));
    }
}
