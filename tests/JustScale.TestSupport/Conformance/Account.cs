using JustScale.Core;

namespace JustScale.Testing;

/// <summary>A test entity with every kind of field, used by the repository conformance suite.</summary>
public sealed class Account : Entity, IModel<Account>, IHasUpdatedAt
{
    /// <summary>Gets the model.</summary>
    public static Model<Account> Model { get; } = Model<Account>.Define("Account", m => m
        .String(a => a.Email, maxLength: 100, unique: true, indexed: true)
        .String(a => a.Nickname, maxLength: 20)
        .Field(a => a.Bio)
        .Field(a => a.Score)
        .Field(a => a.Active)
        .Field(a => a.SeenAt, new FieldOptions { Indexed = true })
        .Field(a => a.Plan, new FieldOptions { MaxLength = 20, Default = "free" }));

    /// <summary>Gets or sets the unique email.</summary>
    public string Email { get; set; } = "";

    /// <summary>Gets or sets an optional short name.</summary>
    public string? Nickname { get; set; }

    /// <summary>Gets or sets optional unlimited text.</summary>
    public string? Bio { get; set; }

    /// <summary>Gets or sets a number.</summary>
    public int Score { get; set; }

    /// <summary>Gets or sets a flag.</summary>
    public bool Active { get; set; }

    /// <summary>Gets or sets an optional time.</summary>
    public DateTimeOffset? SeenAt { get; set; }

    /// <summary>Gets or sets a field with a default value.</summary>
    public string? Plan { get; set; }

    /// <summary>Gets or sets the update time.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
