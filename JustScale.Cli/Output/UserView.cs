using JustScale.Auth;

namespace JustScale.Cli;

/// <summary>Describes a user for output, with the admin API's field names; never the password hash.</summary>
internal sealed record UserView(
    Guid Id, string Email, string? Name, string[] Roles, bool EmailVerified, bool Banned, string? BanReason,
    DateTimeOffset? BannedUntil, DateTimeOffset CreatedAt, DateTimeOffset? LastLoginAt)
{
    /// <summary>Returns the view of a user.</summary>
    public static UserView Of(User user) => new(
        user.Id, user.Email, user.Name, user.Roles ?? [], user.EmailVerifiedAt is not null, user.DisabledAt is not null, user.BanReason,
        user.BannedUntil, user.CreatedAt, user.LastLoginAt);

    /// <summary>Gets the status column: active, banned (until when) or disabled.</summary>
    public string Status => !Banned ? "active" : BannedUntil is { } until ? $"banned until {until.UtcDateTime:yyyy-MM-dd HH:mm}Z" : "banned";
}
