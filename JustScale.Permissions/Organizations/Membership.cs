using JustScale.Auth;
using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>A user's membership of an organization, with a role (table <c>memberships</c>; one per user and organization).</summary>
public sealed class Membership : Entity, IModel<Membership>
{
    /// <summary>Gets the model: organization and user (indexed, unique together) and the role.</summary>
    public static Model<Membership> Model { get; } = Model<Membership>.Define("Membership", m => m
        .Field(x => x.Organization, new FieldOptions { Indexed = true })
        .Field(x => x.User, new FieldOptions { Indexed = true })
        .String(x => x.Role, maxLength: 50)
        .Index(x => x.Organization, x => x.User, unique: true));

    /// <summary>Gets or sets the organization.</summary>
    public Reference<Organization> Organization { get; set; }

    /// <summary>Gets or sets the member.</summary>
    public Reference<User> User { get; set; }

    /// <summary>Gets or sets the role: <see cref="OrganizationRoles.Owner"/>, <see cref="OrganizationRoles.Admin"/>, <see cref="OrganizationRoles.Member"/> or a custom one.</summary>
    public string Role { get; set; } = OrganizationRoles.Member;
}
