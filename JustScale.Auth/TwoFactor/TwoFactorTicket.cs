using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Represents the proof that a user passed the password step and owes a second one (table <c>two_factor_tickets</c>).</summary>
/// <remarks>
/// Made when a session is asked for a user with two-factor login on; sent once as 64 hex characters, stored as its SHA-256.
/// Single use, 5 minutes by default, and dead after <see cref="TwoFactorOptions.MaxTicketAttempts"/> codes. Bound to the
/// password it was earned with: a password change in between kills it.
/// </remarks>
public sealed class TwoFactorTicket : Entity, IModel<TwoFactorTicket>
{
    /// <summary>Gets the model: user reference, unique ticket hash, expiry, attempts, password stamp and session lifetime.</summary>
    public static Model<TwoFactorTicket> Model { get; } = Model<TwoFactorTicket>.Define("TwoFactorTicket", m => m
        .Field(t => t.User, new FieldOptions { Indexed = true })
        .String(t => t.TokenHash, maxLength: 64, unique: true, indexed: true)
        .Field(t => t.ExpiresAt, new FieldOptions { Indexed = true })
        .Field(t => t.Attempts)
        .String(t => t.PasswordStamp, maxLength: 64)
        .Field(t => t.SessionTtlMilliseconds));

    /// <summary>Gets or sets the user who passed the password step.</summary>
    public Reference<User> User { get; set; }

    /// <summary>Gets or sets the SHA-256 (lowercase hex) of the ticket; the ticket itself is never stored.</summary>
    public string TokenHash { get; set; } = "";

    /// <summary>Gets or sets when the ticket stops being accepted (it is valid strictly before this instant).</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Gets or sets how many codes were tried with the ticket.</summary>
    public int Attempts { get; set; }

    /// <summary>Gets or sets a digest of the password hash the ticket was earned with, so that a password change kills it.</summary>
    public string PasswordStamp { get; set; } = "";

    /// <summary>Gets or sets the lifetime the login asked for its session, in milliseconds; null takes the default.</summary>
    public long? SessionTtlMilliseconds { get; set; }

    /// <summary>Returns the ticket's id and owner, never its hash.</summary>
    public override string ToString() => $"TwoFactorTicket {Id} of user {User.Id}";
}
