using JustScale.Core;

namespace JustScale.Auth.SignIn;

/// <summary>Represents an identity at an OpenID Connect provider linked to a user (table <c>external_logins</c>): the provider's name and its subject.</summary>
/// <remarks>One subject of one provider belongs to one user (a unique index); provider tokens are not kept.</remarks>
public sealed class ExternalLogin : Entity, IModel<ExternalLogin>
{
    /// <summary>Gets the model: user, provider, subject (unique together), email at linking time.</summary>
    public static Model<ExternalLogin> Model { get; } = Model<ExternalLogin>.Define("ExternalLogin", m => m
        .Field(l => l.User, new FieldOptions { Indexed = true })
        .String(l => l.Provider, maxLength: 40)
        .String(l => l.Subject, maxLength: 255)
        .String(l => l.Email, maxLength: 255)
        .Index(l => l.Provider, l => l.Subject, unique: true));

    /// <summary>Gets or sets the user the identity signs in.</summary>
    public Reference<User> User { get; set; }

    /// <summary>Gets or sets the provider's configured name.</summary>
    public string Provider { get; set; } = "";

    /// <summary>Gets or sets the provider's subject (<c>sub</c>) for the person.</summary>
    public string Subject { get; set; } = "";

    /// <summary>Gets or sets the email the provider reported when the identity was linked.</summary>
    public string? Email { get; set; }

    /// <summary>Returns the link's id, provider and owner.</summary>
    public override string ToString() => $"ExternalLogin {Id} ({Provider}) of user {User.Id}";
}
