using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>An organization (tenant) whose members hold roles (table <c>organizations</c>).</summary>
public sealed class Organization : Entity, IModel<Organization>
{
    /// <summary>Gets the model: the name.</summary>
    public static Model<Organization> Model { get; } = Model<Organization>.Define("Organization", m => m
        .String(o => o.Name, maxLength: 100));

    /// <summary>Gets or sets the name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The organization's permissions.</summary>
    public static class Can
    {
        /// <summary>Gets the permission to see the organization, its members and its content: any member.</summary>
        public static Permission<Organization> View { get; } = Permission<Organization>.Named("view",
            rule => rule.Permit(OrganizationPrincipals.Member).Self());

        /// <summary>Gets the permission to invite, change roles, remove members and delete content: owners and admins.</summary>
        public static Permission<Organization> Manage { get; } = Permission<Organization>.Named("manage",
            rule => rule.Permit(OrganizationPrincipals.Admin).Self());
    }
}
