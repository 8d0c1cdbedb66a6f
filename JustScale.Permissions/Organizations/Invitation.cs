using JustScale.Auth;
using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>An invitation to join an organization, mailed to one address (table <c>invitations</c>): single use, expiring.</summary>
/// <remarks>Only the SHA-256 of the token is stored; the plain token goes out once, in the mail.</remarks>
public sealed class Invitation : Entity, IModel<Invitation>
{
    /// <summary>Gets the model: organization, email, role, token hash (unique), expiry, acceptance, inviter.</summary>
    public static Model<Invitation> Model { get; } = Model<Invitation>.Define("Invitation", m => m
        .Field(x => x.Organization, new FieldOptions { Indexed = true })
        .String(x => x.Email, maxLength: 255)
        .String(x => x.Role, maxLength: 50)
        .String(x => x.TokenHash, maxLength: 64, unique: true, indexed: true)
        .Field(x => x.ExpiresAt)
        .Field(x => x.AcceptedAt)
        .Field(x => x.InvitedBy));

    /// <summary>Gets or sets the organization.</summary>
    public Reference<Organization> Organization { get; set; }

    /// <summary>Gets or sets the invited email (normalised); only the user with this email may accept.</summary>
    public string Email { get; set; } = "";

    /// <summary>Gets or sets the role the invitee gets.</summary>
    public string Role { get; set; } = OrganizationRoles.Member;

    /// <summary>Gets or sets the SHA-256 (hex) of the token.</summary>
    public string TokenHash { get; set; } = "";

    /// <summary>Gets or sets when the invitation stops being valid.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Gets or sets when it was accepted, or null.</summary>
    public DateTimeOffset? AcceptedAt { get; set; }

    /// <summary>Gets or sets who invited.</summary>
    public Reference<User> InvitedBy { get; set; }
}
