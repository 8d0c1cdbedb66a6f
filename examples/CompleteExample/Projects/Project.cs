using JustScale.Auth;
using JustScale.Core;
using JustScale.Permissions;

namespace CompleteExample.Projects;

/// <summary>A project inside an organization (table <c>projects</c>), with its permissions declared beside it.</summary>
public sealed class Project : Entity, IModel<Project>
{
    /// <summary>Gets the model: organization (indexed), name, creator.</summary>
    public static Model<Project> Model { get; } = Model<Project>.Define("Project", m => m
        .Field(p => p.Organization, new FieldOptions { Indexed = true })
        .String(p => p.Name, maxLength: 100)
        .Field(p => p.CreatedBy));

    /// <summary>Gets or sets the organization the project belongs to.</summary>
    public Reference<Organization> Organization { get; set; }

    /// <summary>Gets or sets the name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets who created it.</summary>
    public Reference<User> CreatedBy { get; set; }

    /// <summary>The project's permissions: one declaration each, used by guards and by queries alike.</summary>
    public static class Can
    {
        /// <summary>Gets the permission to see a project: any member of its organization, or a user granted it.</summary>
        public static Permission<Project> View { get; } = Permission<Project>.Named("view",
            rule => rule.Permit(OrganizationPrincipals.Member).When(p => p.Organization),
            rule => rule.Permit(Principals.User).Granted());

        /// <summary>Gets the permission to delete a project: the owners and admins of its organization.</summary>
        public static Permission<Project> Delete { get; } = Permission<Project>.Named("delete",
            rule => rule.Permit(OrganizationPrincipals.Admin).When(p => p.Organization));
    }
}
