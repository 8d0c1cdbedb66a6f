using JustScale.Auth;

namespace JustScale.Permissions;

/// <summary>A principal provider that can answer from a per-process cache, for guards: only an allow may come from the cache.</summary>
/// <remarks>A guard that a cached answer would refuse asks again with <see cref="IPrincipalProvider.AddPrincipalsAsync"/>
/// (fresh from the store), so a membership added a moment ago is never refused; a removal or a role change evicts the
/// cached entry through the change feed on every instance before the next request can be allowed by it.</remarks>
public interface ICachedPrincipalProvider : IPrincipalProvider
{
    /// <summary>Adds the user's principals, from the cache when it holds them (and may vouch for them), otherwise from the store.</summary>
    /// <returns>Whether the answer came from the cache.</returns>
    ValueTask<bool> AddCachedPrincipalsAsync(User user, ICollection<Principal> principals, CancellationToken cancellationToken = default);
}
