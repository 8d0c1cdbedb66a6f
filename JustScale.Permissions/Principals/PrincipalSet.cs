using JustScale.Auth;

namespace JustScale.Permissions;

/// <summary>The principals one caller holds, resolved for the kinds a permission needs, plus the grants they hold.</summary>
/// <param name="user">The authenticated user, or null for an anonymous caller.</param>
/// <param name="principals">The resolved principals.</param>
/// <param name="grants">The grants they hold; none when null.</param>
public sealed class PrincipalSet(User? user, IEnumerable<Principal> principals, IEnumerable<PermissionGrant>? grants = null)
{
    private readonly Principal[] _principals = [.. principals ?? throw new ArgumentNullException(nameof(principals))];

    /// <summary>Gets the authenticated user, or null for an anonymous caller.</summary>
    public User? User { get; } = user;

    /// <summary>Gets every principal, <see cref="Principals.Everyone"/> included.</summary>
    public IReadOnlyList<Principal> All => _principals;

    /// <summary>Gets the grants held by the principals (loaded only for permissions with granted rules).</summary>
    public IReadOnlyList<PermissionGrant> Grants { get; } = [.. grants ?? []];

    /// <summary>Returns whether the caller holds any principal of a kind.</summary>
    public bool Has(PrincipalKind kind) => _principals.Any(p => ReferenceEquals(p.Kind, kind));

    /// <summary>Returns whether the caller holds the principal of a kind for an entity id.</summary>
    public bool Has(PrincipalKind kind, Guid id) => _principals.Any(p => ReferenceEquals(p.Kind, kind) && p.Id == id);

    /// <summary>Returns the entity ids of the caller's principals of a kind.</summary>
    public IReadOnlyList<Guid> IdsOf(PrincipalKind kind) => [.. _principals.Where(p => ReferenceEquals(p.Kind, kind)).Select(p => p.Id)];
}
