using JustScale.Auth;

namespace JustScale.Permissions;

/// <summary>Resolves an authenticated user to the principals of some kinds (memberships, a seller account, ...); several are resolved together.</summary>
/// <remarks>Register with <see cref="PermissionsFeature.AddProvider{TProvider}"/>. A provider is asked only when a rule being
/// checked needs one of its <see cref="Kinds"/>, and reads the store on every ask: a change is effective on the next request.</remarks>
public interface IPrincipalProvider
{
    /// <summary>Gets the kinds this provider resolves.</summary>
    IReadOnlyList<PrincipalKind> Kinds { get; }

    /// <summary>Adds the user's principals of this provider's kinds.</summary>
    ValueTask AddPrincipalsAsync(User user, ICollection<Principal> principals, CancellationToken cancellationToken = default);
}
