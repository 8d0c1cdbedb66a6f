using System.Security.Cryptography;
using System.Text;
using JustScale.Auth;
using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>Creates organizations, lists members, invites by mail token, accepts invitations, changes roles and removes members.</summary>
/// <remarks>
/// No HTTP here: routes translate. Expected refusals are <see cref="JustScaleException"/>s with a status and a code (403 not
/// allowed, 404 unknown, 409 conflict, 410 expired). The last owner of an organization cannot leave, be removed or be demoted.
/// Memberships are read from the store on every check (<see cref="OrganizationPrincipals"/>): changes are effective at once.
/// </remarks>
/// <param name="organizations">The organization repository.</param>
/// <param name="memberships">The membership repository.</param>
/// <param name="invitations">The invitation repository.</param>
/// <param name="timeProvider">The clock.</param>
/// <param name="options">The options (<see cref="OrganizationOptions.InvitationTtl"/>); the defaults when null.</param>
/// <param name="unitOfWork">The transactions that make multi-row writes atomic; a <see cref="UnitOfWork"/> when null.</param>
/// <param name="principals">The membership cache to drop a changed member from at once; none when null.</param>
public sealed class OrganizationService(
    IRepository<Organization> organizations, IRepository<Membership> memberships, IRepository<Invitation> invitations,
    TimeProvider timeProvider, OrganizationOptions? options = null, IUnitOfWork? unitOfWork = null, OrganizationPrincipals? principals = null)
{
    private static readonly Field<Membership, Reference<Organization>> OrganizationField = Membership.Model.Field(m => m.Organization);
    private static readonly Field<Membership, Reference<User>> UserField = Membership.Model.Field(m => m.User);
    private static readonly Field<Membership, string> RoleField = Membership.Model.Field(m => m.Role);
    private static readonly Field<Invitation, string> TokenField = Invitation.Model.Field(i => i.TokenHash);
    private static readonly Field<Invitation, DateTimeOffset?> AcceptedField = Invitation.Model.Field(i => i.AcceptedAt);

    private readonly IRepository<Organization> _organizations = organizations ?? throw new ArgumentNullException(nameof(organizations));
    private readonly IRepository<Membership> _memberships = memberships ?? throw new ArgumentNullException(nameof(memberships));
    private readonly IRepository<Invitation> _invitations = invitations ?? throw new ArgumentNullException(nameof(invitations));
    private readonly TimeProvider _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    private readonly OrganizationOptions _options = options ?? new OrganizationOptions();
    private readonly IUnitOfWork _unitOfWork = unitOfWork ?? new UnitOfWork();
    private readonly OrganizationPrincipals? _principals = principals;

    /// <summary>Creates an organization whose owner is <paramref name="owner"/> (both rows in one transaction).</summary>
    /// <exception cref="JustScaleException">The name is empty or longer than 100 characters (400).</exception>
    public async Task<Organization> CreateAsync(User owner, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 100 || name.Any(char.IsControl))
        {
            throw new JustScaleException("name must be 1 to 100 characters of text", 400, "invalid_name");
        }

        var organization = new Organization { Name = name };
        await _unitOfWork.RunAsync(async ct =>
        {
            await _organizations.InsertAsync(organization, ct).ConfigureAwait(false);
            await _memberships.InsertAsync(new Membership { Organization = organization, User = owner, Role = OrganizationRoles.Owner }, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return organization;
    }

    /// <summary>Gets an organization by id, or null.</summary>
    public Task<Organization?> GetAsync(Guid organizationId, CancellationToken cancellationToken = default) =>
        _organizations.GetAsync(organizationId, cancellationToken);

    /// <summary>Returns the user's organizations with their role in each (one JOIN).</summary>
    public async Task<IReadOnlyList<(Organization Organization, string Role)>> ListForUserAsync(User user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var found = await _memberships.FindManyWithAsync<Organization>(Filter<Membership>.Where(UserField, user.Id), OrganizationField, cancellationToken).ConfigureAwait(false);
        return [.. found.OrderBy(j => j.Referenced.CreatedAt).ThenBy(j => j.Referenced.Id).Select(j => (j.Referenced, j.Entity.Role))];
    }

    /// <summary>Returns the organization's members with their users (one JOIN), oldest first.</summary>
    public async Task<IReadOnlyList<(User User, string Role)>> MembersAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        var found = await _memberships.FindManyWithAsync<User>(Filter<Membership>.Where(OrganizationField, organizationId), UserField, cancellationToken).ConfigureAwait(false);
        return [.. found.OrderBy(j => j.Entity.CreatedAt).ThenBy(j => j.Entity.Id).Select(j => (j.Referenced, j.Entity.Role))];
    }

    /// <summary>Returns the user's role in the organization, or null when not a member.</summary>
    public async Task<string?> RoleOfAsync(Guid organizationId, Guid userId, CancellationToken cancellationToken = default) =>
        (await FindMembershipAsync(organizationId, userId, cancellationToken).ConfigureAwait(false))?.Role;

    /// <summary>Invites an email into the organization with a role; returns the invitation and its plain token (64 hex) to mail, once.</summary>
    /// <remarks>The inviter must manage the organization; only an owner invites an owner.</remarks>
    /// <exception cref="JustScaleException">Not allowed (403), a malformed email or role (400).</exception>
    public async Task<(Invitation Invitation, string Token)> InviteAsync(Guid organizationId, User inviter, string email, string role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inviter);
        var normalized = NormalizeEmail(email);
        CheckRole(role);
        var inviterRole = await RoleOfAsync(organizationId, inviter.Id, cancellationToken).ConfigureAwait(false);
        if (inviterRole is null || !OrganizationRoles.Manages(inviterRole) || (role == OrganizationRoles.Owner && inviterRole != OrganizationRoles.Owner))
        {
            throw Forbidden();
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var invitation = new Invitation
        {
            Organization = new Reference<Organization>(organizationId),
            Email = normalized,
            Role = role,
            TokenHash = Digest(token),
            ExpiresAt = Timestamps.Now(_time) + _options.InvitationTtl,
            InvitedBy = inviter,
        };
        await _invitations.InsertAsync(invitation, cancellationToken).ConfigureAwait(false);
        return (invitation, token);
    }

    /// <summary>Accepts an invitation as <paramref name="user"/>, whose email must be the invited one; returns the membership.</summary>
    /// <remarks>Single use: a second acceptance is 409, an unknown token 404, an expired one 410, another user's 403. Already a
    /// member: the membership stays as it is and the invitation is used up.</remarks>
    /// <exception cref="JustScaleException">The invitation cannot be accepted (403, 404, 409, 410).</exception>
    public async Task<Membership> AcceptAsync(User user, string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrEmpty(token) || token.Length != 64 || !token.All(char.IsAsciiHexDigitLower))
        {
            throw new JustScaleException("Invitation not found", 404, "invitation_not_found");
        }

        var hash = Digest(token);
        var invitation = await _invitations.FindOneAsync(Filter<Invitation>.Where(TokenField, hash), cancellationToken).ConfigureAwait(false)
            ?? throw new JustScaleException("Invitation not found", 404, "invitation_not_found");
        if (invitation.AcceptedAt is not null)
        {
            throw new JustScaleException("Invitation already used", 409, "invitation_used");
        }

        if (invitation.ExpiresAt <= _time.GetUtcNow())
        {
            throw new JustScaleException("Invitation expired", 410, "invitation_expired");
        }

        if (!string.Equals(invitation.Email, user.Email, StringComparison.OrdinalIgnoreCase))
        {
            throw new JustScaleException("This invitation is for another email", 403, "invitation_other_email");
        }

        return await _unitOfWork.RunAsync(async ct =>
        {
            // The claim is one conditional write: of two concurrent acceptances, one updates the row, the other none.
            var claimed = await _invitations.UpdateWhereAsync(
                Filter<Invitation>.Where(TokenField, hash).And(AcceptedField, null), Changes<Invitation>.Of(AcceptedField, Timestamps.Now(_time)), ct).ConfigureAwait(false);
            if (claimed == 0)
            {
                throw new JustScaleException("Invitation already used", 409, "invitation_used");
            }

            return await FindMembershipAsync(invitation.Organization.Id, user.Id, ct).ConfigureAwait(false)
                ?? await _memberships.InsertAsync(new Membership { Organization = invitation.Organization, User = user, Role = invitation.Role }, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes a member's role. Managers change members and admins; only owners touch owners; the last owner stays owner.</summary>
    /// <exception cref="JustScaleException">Not allowed (403), no such member (404), the last owner (409), a malformed role (400).</exception>
    public async Task<Membership> ChangeRoleAsync(Guid organizationId, User actor, Guid userId, string role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        CheckRole(role);
        var target = await _unitOfWork.RunAsync(async ct =>
        {
            var member = await AuthorizeChangeAsync(organizationId, actor, userId, role == OrganizationRoles.Owner, ct).ConfigureAwait(false);
            if (member.Role == OrganizationRoles.Owner && role != OrganizationRoles.Owner)
            {
                await EnsureAnotherOwnerAsync(organizationId, ct).ConfigureAwait(false);
            }

            await _memberships.UpdateWhereAsync(Filter<Membership>.Where(Membership.Model.Id, member.Id), Changes<Membership>.Of(RoleField, role), ct).ConfigureAwait(false);
            return member;
        }, cancellationToken).ConfigureAwait(false);
        _principals?.Forget(userId); // this process at once; the change feed tells the others
        target.Role = role;
        return target;
    }

    /// <summary>Removes a member (managers remove others; anyone may leave); the last owner cannot leave or be removed.</summary>
    /// <exception cref="JustScaleException">Not allowed (403), no such member (404), the last owner (409).</exception>
    public async Task RemoveAsync(Guid organizationId, User actor, Guid userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await _unitOfWork.RunAsync(async ct =>
        {
            var target = userId == actor.Id
                ? await FindMembershipAsync(organizationId, userId, ct).ConfigureAwait(false) ?? throw NotMember()
                : await AuthorizeChangeAsync(organizationId, actor, userId, touchesOwner: false, ct).ConfigureAwait(false);
            if (target.Role == OrganizationRoles.Owner)
            {
                await EnsureAnotherOwnerAsync(organizationId, ct).ConfigureAwait(false);
            }

            await _memberships.DeleteAsync(target.Id, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        _principals?.Forget(userId); // this process at once; the change feed tells the others
    }

    private async Task<Membership> AuthorizeChangeAsync(Guid organizationId, User actor, Guid userId, bool touchesOwner, CancellationToken cancellationToken)
    {
        var actorRole = await RoleOfAsync(organizationId, actor.Id, cancellationToken).ConfigureAwait(false);
        if (actorRole is null || !OrganizationRoles.Manages(actorRole))
        {
            throw Forbidden();
        }

        var target = await FindMembershipAsync(organizationId, userId, cancellationToken).ConfigureAwait(false) ?? throw NotMember();
        if ((touchesOwner || target.Role == OrganizationRoles.Owner) && actorRole != OrganizationRoles.Owner)
        {
            throw Forbidden();
        }

        return target;
    }

    private async Task EnsureAnotherOwnerAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var owners = await _memberships.CountAsync(Filter<Membership>.Where(OrganizationField, organizationId).And(RoleField, OrganizationRoles.Owner), cancellationToken).ConfigureAwait(false);
        if (owners <= 1)
        {
            throw new JustScaleException("An organization keeps at least one owner", 409, "last_owner");
        }
    }

    private Task<Membership?> FindMembershipAsync(Guid organizationId, Guid userId, CancellationToken cancellationToken) =>
        _memberships.FindOneAsync(Filter<Membership>.Where(OrganizationField, organizationId).And(UserField, userId), cancellationToken);

    private static string NormalizeEmail(string email) =>
        UserService.NormalizeEmail(email ?? "") is { Length: > 0 and <= 255 } normalized && normalized.Contains('@', StringComparison.Ordinal)
            ? normalized
            : throw new JustScaleException("email must be an email address", 400, "invalid_email");

    private static void CheckRole(string role)
    {
        if (role is null || role.Length is 0 or > 50 || !role.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new JustScaleException("role must be owner, admin, member or a name of letters, digits, '-' and '_'", 400, "invalid_role");
        }
    }

    private static string Digest(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    private static JustScaleException Forbidden() => new("Forbidden", 403, "forbidden");

    private static JustScaleException NotMember() => new("Member not found", 404, "member_not_found");
}
