using JustScale.Auth;
using System.Runtime.CompilerServices;
using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>Resolves a caller to principals: everyone, the user, and whatever the providers add for the kinds asked; with grants when asked.</summary>
/// <param name="providers">The registered principal providers.</param>
/// <param name="grants">The grants, when stored; none when null.</param>
public sealed class PrincipalResolver(IEnumerable<IPrincipalProvider> providers, IRepository<PermissionGrant>? grants = null)
{
    private static readonly Field<PermissionGrant, Guid> GrantPrincipal = PermissionGrant.Model.Field(g => g.PrincipalId);
    private readonly IPrincipalProvider[] _providers = [.. providers ?? throw new ArgumentNullException(nameof(providers))];
    private readonly IRepository<PermissionGrant>? _grants = grants;

    /// <summary>Returns the caller's principals of the kinds asked (every kind when null), and their grants when <paramref name="withGrants"/>.</summary>
    /// <remarks>Only the providers of the kinds asked run, each reading the store once; nothing is cached between calls.</remarks>
    public ValueTask<PrincipalSet> ResolveAsync(User? user, IReadOnlyCollection<PrincipalKind>? kinds = null, bool withGrants = false, CancellationToken cancellationToken = default) =>
        ResolveCoreAsync(user, kinds, withGrants, fromCache: null, cancellationToken);

    /// <summary>Resolves like <see cref="ResolveAsync"/>, letting <see cref="ICachedPrincipalProvider"/>s answer from their caches; only trust the result to allow.</summary>
    /// <returns>The principals, and whether any came from a cache (then a refusal must be checked again with <see cref="ResolveAsync"/>).</returns>
    internal async ValueTask<(PrincipalSet Principals, bool FromCache)> ResolveCachedAsync(User user, IReadOnlyCollection<PrincipalKind> kinds, bool withGrants, CancellationToken cancellationToken)
    {
        var fromCache = new StrongBox<bool>();
        var principals = await ResolveCoreAsync(user, kinds, withGrants, fromCache, cancellationToken).ConfigureAwait(false);
        return (principals, fromCache.Value);
    }

    private async ValueTask<PrincipalSet> ResolveCoreAsync(User? user, IReadOnlyCollection<PrincipalKind>? kinds, bool withGrants, StrongBox<bool>? fromCache, CancellationToken cancellationToken)
    {
        var principals = new List<Principal> { new(Principals.Everyone, Guid.Empty) };
        if (user is null)
        {
            return new PrincipalSet(null, principals);
        }

        principals.Add(new Principal(Principals.User, user.Id));
        foreach (var provider in _providers.Where(provider => kinds is null || provider.Kinds.Any(kinds.Contains)))
        {
            if (fromCache is not null && provider is ICachedPrincipalProvider cachedProvider)
            {
                fromCache.Value |= await cachedProvider.AddCachedPrincipalsAsync(user, principals, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await provider.AddPrincipalsAsync(user, principals, cancellationToken).ConfigureAwait(false);
            }
        }

        IReadOnlyList<PermissionGrant> grants = withGrants && _grants is not null
            ? await _grants.FindManyAsync(Filter<PermissionGrant>.In(GrantPrincipal, principals.Select(p => p.Id).Distinct()), cancellationToken: cancellationToken)
                .ConfigureAwait(false)
            : [];
        return new PrincipalSet(user, principals, grants);
    }
}
