using JustScale.Auth;
using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>Resolves a user to their organizations: <see cref="Member"/> of each, <see cref="Admin"/> where owner or admin, <see cref="Owner"/> where owner.</summary>
/// <remarks>One query per resolution (the user's memberships). Guards may answer from a per-process cache while a change feed
/// covers memberships (<c>PgModel.WithChangeNotifications()</c> on their table): only to allow, a refusal is read again, and a
/// role change or a removal evicts the user's entry on every instance, so it is effective on the next request everywhere.</remarks>
/// <param name="memberships">The membership repository.</param>
/// <param name="timeProvider">The clock of the cache; the system clock when null.</param>
/// <param name="changes">The change feed; with one, guards may answer from a per-process cache.</param>
/// <param name="options">The options (<see cref="OrganizationOptions.MembershipCacheMaxAge"/>); the defaults when null.</param>
public sealed class OrganizationPrincipals(
    IRepository<Membership> memberships, TimeProvider? timeProvider = null, IChangeFeed? changes = null, OrganizationOptions? options = null)
    : ICachedPrincipalProvider
{
    private static readonly Field<Membership, Reference<User>> UserField = Membership.Model.Field(m => m.User);
    private readonly IRepository<Membership> _memberships = memberships ?? throw new ArgumentNullException(nameof(memberships));
    private readonly MembershipCache? _cache = changes is not null && (options ?? new OrganizationOptions()).MembershipCacheMaxAge is { } maxAge && maxAge > TimeSpan.Zero
        ? new MembershipCache(changes, timeProvider ?? TimeProvider.System, maxAge)
        : null;

    /// <summary>Gets whether guards answer from the membership cache right now (a change feed covers memberships and is live).</summary>
    public bool IsCaching => _cache?.IsUsable == true;

    /// <summary>Gets the kind of every member of an organization.</summary>
    public static PrincipalKind<Organization> Member { get; } = new("org-member");

    /// <summary>Gets the kind of the owners and admins of an organization.</summary>
    public static PrincipalKind<Organization> Admin { get; } = new("org-admin");

    /// <summary>Gets the kind of the owners of an organization.</summary>
    public static PrincipalKind<Organization> Owner { get; } = new("org-owner");

    /// <inheritdoc />
    public IReadOnlyList<PrincipalKind> Kinds { get; } = [Member, Admin, Owner];

    /// <summary>Drops the user's cached memberships in this process at once (the change feed tells the other instances).</summary>
    internal void Forget(Guid userId) => _cache?.Evict(userId);

    /// <inheritdoc />
    public async ValueTask AddPrincipalsAsync(User user, ICollection<Principal> principals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(principals);
        var ticket = _cache?.Begin();
        var memberships = await _memberships.FindManyAsync(Filter<Membership>.Where(UserField, user.Id), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (ticket is { } taken)
        {
            _cache!.Add(user.Id, memberships, taken);
        }

        Add(principals, memberships.Select(m => (m.Organization.Id, m.Role)));
    }

    /// <inheritdoc />
    public async ValueTask<bool> AddCachedPrincipalsAsync(User user, ICollection<Principal> principals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(principals);
        if (_cache is { IsUsable: true } cache && cache.TryGet(user.Id) is { } cached)
        {
            Add(principals, cached);
            return true;
        }

        await AddPrincipalsAsync(user, principals, cancellationToken).ConfigureAwait(false);
        return false;
    }

    private static void Add(ICollection<Principal> principals, IEnumerable<(Guid Organization, string Role)> memberships)
    {
        foreach (var (organization, role) in memberships)
        {
            principals.Add(new Principal(Member, organization));
            if (OrganizationRoles.Manages(role))
            {
                principals.Add(new Principal(Admin, organization));
            }

            if (role == OrganizationRoles.Owner)
            {
                principals.Add(new Principal(Owner, organization));
            }
        }
    }
}
