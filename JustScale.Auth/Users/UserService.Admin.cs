using System.Buffers.Text;
using System.Text;
using JustScale.Core;

namespace JustScale.Auth;

// The admin API's user operations: search with keyset paging, ban and unban, global roles, the configured first admins.
public sealed partial class UserService
{
    private static readonly Field<User, string?> BanReasonField = User.Model.Field(u => u.BanReason);
    private static readonly Field<User, DateTimeOffset?> BannedUntilField = User.Model.Field(u => u.BannedUntil);
    private static readonly Field<User, string[]?> RolesField = User.Model.Field(u => u.Roles);
    private static readonly Field<User, string?> NameField = User.Model.Field(u => u.Name);

    /// <summary>Returns a page of users ordered by email, those whose email (any case) or name contains <paramref name="search"/> (any when null), after the cursor.</summary>
    /// <remarks>Keyset paging on the unique email: pass the returned cursor to get the next page; null when this page is the last.
    /// The cursor is opaque to clients (base64url); a malformed one throws <see cref="InvalidAuthInputException"/>.</remarks>
    /// <exception cref="InvalidAuthInputException">The cursor is malformed.</exception>
    public async Task<(IReadOnlyList<User> Users, string? NextCursor)> SearchAsync(string? search, int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var filter = string.IsNullOrWhiteSpace(search)
            ? Filter<User>.All
            : Filter<User>.Where(EmailField, Comparison.Contains, search.Trim().ToLowerInvariant()) | Filter<User>.Where(NameField, Comparison.Contains, search.Trim());
        var options = new FindOptions<User> { Limit = limit + 1 };
        options = cursor is null ? options with { OrderBy = EmailField } : options.After(EmailField, DecodeCursor(cursor));
        var found = await _users.FindManyAsync(filter, options, cancellationToken).ConfigureAwait(false);
        return found.Count > limit ? ([.. found.Take(limit)], EncodeCursor(found[limit - 1].Email)) : (found, null);
    }

    /// <summary>Bans a user: disabled with a reason and an optional end, every session revoked at once (every instance); false when the user does not exist.</summary>
    /// <remarks>Login is refused while the ban lasts; the first login after <paramref name="until"/> lifts it. Raises <see cref="AuthEventKind.UserBanned"/>.</remarks>
    public async Task<bool> BanAsync(Guid userId, string reason, DateTimeOffset? until, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var changes = Changes<User>.Of(DisabledAtField, Timestamps.Now(_time)).Set(BanReasonField, reason).Set(BannedUntilField, until);
        return await DisableCoreAsync(userId, changes, AuthEventKind.UserBanned, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lifts a user's ban (or disable); false when the user does not exist. Raises <see cref="AuthEventKind.UserUnbanned"/>.</summary>
    public Task<bool> UnbanAsync(Guid userId, CancellationToken cancellationToken = default) =>
        SetAndRaiseAsync(userId, Changes<User>.Of(DisabledAtField, null).Set(BanReasonField, null).Set(BannedUntilField, null), AuthEventKind.UserUnbanned, cancellationToken);

    /// <summary>Replaces a user's global roles; false when the user does not exist. Raises <see cref="AuthEventKind.RolesChanged"/>.</summary>
    /// <remarks>Takes effect on the user's next request on every instance: the user row changed, so cached sessions are dropped.</remarks>
    /// <exception cref="InvalidAuthInputException">A role name is malformed.</exception>
    public async Task<bool> SetRolesAsync(Guid userId, IEnumerable<string> roles, CancellationToken cancellationToken = default)
    {
        var valid = UserRoles.Validate(roles);
        return await SetAndRaiseAsync(userId, Changes<User>.Of(RolesField, valid.Length == 0 ? null : valid), AuthEventKind.RolesChanged, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives the <c>admin</c> role to the existing users whose emails <see cref="AuthOptions.Admins"/> lists; returns how many changed.</summary>
    public async Task<int> GrantConfiguredAdminsAsync(CancellationToken cancellationToken = default)
    {
        var changed = 0;
        foreach (var email in _options.Admins)
        {
            var user = await FindByEmailAsync(email, cancellationToken).ConfigureAwait(false);
            if (user is not null && !(user.Roles?.Contains(UserRoles.Admin) ?? false))
            {
                await SetAsync(user.Id, Changes<User>.Of(RolesField, [.. user.Roles ?? [], UserRoles.Admin]), cancellationToken).ConfigureAwait(false);
                changed++;
            }
        }

        return changed;
    }

    // A ban whose end has passed is lifted by the next login; a disable (no end) stays.
    private async Task<bool> LiftEndedBanAsync(User user, CancellationToken cancellationToken)
    {
        if (user.BannedUntil is not { } until || until > _time.GetUtcNow())
        {
            return false;
        }

        await UnbanAsync(user.Id, cancellationToken).ConfigureAwait(false);
        user.DisabledAt = null;
        user.BanReason = null;
        user.BannedUntil = null;
        return true;
    }

    private static string EncodeCursor(string email) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(email));

    private static string DecodeCursor(string cursor)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            throw new InvalidAuthInputException("cursor is malformed", "invalid_cursor");
        }
    }
}
