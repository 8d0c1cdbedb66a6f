using JustScale.Core;

namespace JustScale.Testing;

/// <summary>A test entity that references an <see cref="Account"/> and has no update time.</summary>
public sealed class Ticket : Entity, IModel<Ticket>
{
    /// <summary>Gets the model.</summary>
    public static Model<Ticket> Model { get; } = Model<Ticket>.Define("Ticket", m => m
        .Field(t => t.Account, new FieldOptions { Indexed = true })
        .String(t => t.Code, maxLength: 64, unique: true, indexed: true)
        .Field(t => t.ExpiresAt, new FieldOptions { Indexed = true }));

    /// <summary>Gets or sets the owning account.</summary>
    public Reference<Account> Account { get; set; }

    /// <summary>Gets or sets a unique code.</summary>
    public string Code { get; set; } = "";

    /// <summary>Gets or sets the expiry.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
