using JustScale.Auth;
using JustScale.Core;

namespace JustScale.Permissions.Tests;

/// <summary>A document in an organization, owned by a user: the test model, with one permission per kind of rule.</summary>
public sealed class Doc : Entity, IModel<Doc>
{
    /// <summary>Gets the model.</summary>
    public static Model<Doc> Model { get; } = Model<Doc>.Define("Doc", m => m
        .Field(d => d.Organization, new FieldOptions { Indexed = true })
        .Field(d => d.Owner)
        .String(d => d.Title, maxLength: 100));

    /// <summary>Gets or sets the organization.</summary>
    public Reference<Organization> Organization { get; set; }

    /// <summary>Gets or sets the owner.</summary>
    public Reference<User> Owner { get; set; }

    /// <summary>Gets or sets the title.</summary>
    public string Title { get; set; } = "";

    /// <summary>The permissions.</summary>
    public static class Can
    {
        /// <summary>Gets view: organization members, the owner, or a grant.</summary>
        public static Permission<Doc> View { get; } = Permission<Doc>.Named("view",
            rule => rule.Permit(OrganizationPrincipals.Member).When(d => d.Organization),
            rule => rule.Permit(Principals.User).When(d => d.Owner),
            rule => rule.Permit(Principals.User).Granted());

        /// <summary>Gets edit: the owner, or the organization's admins.</summary>
        public static Permission<Doc> Edit { get; } = Permission<Doc>.Named("edit",
            rule => rule.Permit(Principals.User).When(d => d.Owner),
            rule => rule.Permit(OrganizationPrincipals.Admin).When(d => d.Organization));

        /// <summary>Gets audit: only by explicit grant.</summary>
        public static Permission<Doc> Audit { get; } = Permission<Doc>.Named("audit", rule => rule.Permit(Principals.User).Granted());

        /// <summary>Gets publish: a check in code (guards only).</summary>
        public static Permission<Doc> Publish { get; } = Permission<Doc>.Named("publish",
            rule => rule.Permit(Principals.User).Check((principals, doc) => doc.Owner.Id == principals.User?.Id && doc.Title.StartsWith("draft", StringComparison.Ordinal)));

        /// <summary>Gets read: everyone.</summary>
        public static Permission<Doc> Read { get; } = Permission<Doc>.Named("read", rule => rule.Permit(Principals.Everyone).Always());

        /// <summary>Gets create: any organization member.</summary>
        public static Permission<Doc> Create { get; } = Permission<Doc>.Named("create", rule => rule.Permit(OrganizationPrincipals.Member).ForCreate());
    }
}
