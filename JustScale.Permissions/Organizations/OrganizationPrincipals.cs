using JustScale.Auth;
using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>Resolves a user to their organizations: <see cref="Member"/> of each, <see cref="Admin"/> where owner or admin, <see cref="Owner"/> where owner.</summary>
/// <remarks>One query per resolution (the user's memberships), no cache: a role change or a removal is effective on the next request on every instance.</remarks>
public sealed class OrganizationPrincipals : IPrincipalProvider
{
    private static readonly Field<Membership, Reference<User>> UserField = Membership.Model.Field(m => m.User);
    private readonly IRepository<Membership> _memberships;

    /// <summary>Creates the provider over the memberships.</summary>
    public OrganizationPrincipals(IRepository<Membership> memberships)
    {
        ArgumentNullException.ThrowIfNull(memberships);
        _memberships = memberships;
    }

    /// <summary>Gets the kind of every member of an organization.</summary>
    public static PrincipalKind<Organization> Member { get; } = new("org-member");

    /// <summary>Gets the kind of the owners and admins of an organization.</summary>
    public static PrincipalKind<Organization> Admin { get; } = new("org-admin");

    /// <summary>Gets the kind of the owners of an organization.</summary>
    public static PrincipalKind<Organization> Owner { get; } = new("org-owner");

    /// <inheritdoc />
    public IReadOnlyList<PrincipalKind> Kinds { get; } = [Member, Admin, Owner];

    /// <inheritdoc />
    public async ValueTask AddPrincipalsAsync(User user, ICollection<Principal> principals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(principals);
        foreach (var membership in await _memberships.FindManyAsync(Filter<Membership>.Where(UserField, user.Id), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var organization = membership.Organization.Id;
            principals.Add(new Principal(Member, organization));
            if (OrganizationRoles.Manages(membership.Role))
            {
                principals.Add(new Principal(Admin, organization));
            }

            if (membership.Role == OrganizationRoles.Owner)
            {
                principals.Add(new Principal(Owner, organization));
            }
        }
    }
}
