using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Represents a user's authenticator: the TOTP secret, encrypted with Data Protection, and its replay and failure state (table <c>two_factor_secrets</c>).</summary>
/// <remarks>
/// One row per user (<see cref="User"/> is unique). <see cref="EnabledAt"/> is null between setup and the first code that proves
/// the authenticator works. <see cref="LastUsedStep"/> refuses a code whose 30-second step was already accepted.
/// </remarks>
public sealed class TwoFactorSecret : Entity, IModel<TwoFactorSecret>
{
    /// <summary>Gets the model: unique user reference, protected secret, enable time, last used step and failure window.</summary>
    public static Model<TwoFactorSecret> Model { get; } = Model<TwoFactorSecret>.Define("TwoFactorSecret", m => m
        .Field(s => s.User, new FieldOptions { Unique = true, Indexed = true })
        .Field(s => s.ProtectedSecret)
        .Field(s => s.EnabledAt)
        .Field(s => s.LastUsedStep)
        .Field(s => s.FailureCount)
        .Field(s => s.FailureWindowStart));

    /// <summary>Gets or sets the user the authenticator belongs to.</summary>
    public Reference<User> User { get; set; }

    /// <summary>Gets or sets the secret as Data Protection output (base64); the secret itself is never stored.</summary>
    public string ProtectedSecret { get; set; } = "";

    /// <summary>Gets or sets when two-factor login was turned on; null while set up but not yet confirmed.</summary>
    public DateTimeOffset? EnabledAt { get; set; }

    /// <summary>Gets or sets the last 30-second step whose code was accepted (0 when none): codes of it and earlier steps are refused.</summary>
    public long LastUsedStep { get; set; }

    /// <summary>Gets or sets the codes tried in a row without one proven right (each counted atomically before it is checked).</summary>
    public int FailureCount { get; set; }

    /// <summary>Gets or sets when the last of those attempts was taken (the Unix epoch when none was): the back-off runs from it.</summary>
    public DateTimeOffset FailureWindowStart { get; set; } = DateTimeOffset.UnixEpoch;

    /// <summary>Returns the row's id and owner, never its secret.</summary>
    public override string ToString() => $"TwoFactorSecret {Id} of user {User.Id}";
}
