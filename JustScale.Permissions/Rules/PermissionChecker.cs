using JustScale.Auth;
using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>Checks a model's permissions on entities given by id, for guards; provided by <see cref="PermissionsFeature.For{TModel}"/>.</summary>
/// <typeparam name="TModel">The model.</typeparam>
/// <param name="principals">The principal resolver.</param>
/// <param name="repository">The model's repository.</param>
public sealed class PermissionChecker<TModel>(PrincipalResolver principals, IRepository<TModel> repository) where TModel : Entity, IModel<TModel>, new()
{
    private readonly PrincipalResolver _principals = principals ?? throw new ArgumentNullException(nameof(principals));
    private readonly IRepository<TModel> _repository = repository ?? throw new ArgumentNullException(nameof(repository));

    /// <summary>Returns whether the user may act on the entity whose id is <paramref name="id"/>; false for a malformed id or a missing entity.</summary>
    /// <remarks>Reads the entity (for rules on its fields) on every call; the principals may come from a provider's cache, which is
    /// trusted to allow only: a refusal is confirmed on principals read fresh, so a membership made a moment ago is never refused.</remarks>
    public async ValueTask<bool> AllowsAsync(User user, Permission<TModel> permission, string? id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(permission);
        if (!Guid.TryParse(id, out var entityId) || user.DisabledAt is not null)
        {
            return false;
        }

        // Cached principals may allow; a refusal is checked again on principals read fresh from the store.
        var (principals, fromCache) = await _principals.ResolveCachedAsync(user, permission.Kinds, permission.NeedsGrants, cancellationToken).ConfigureAwait(false);
        var entity = permission.NeedsEntity ? await _repository.GetAsync(entityId, cancellationToken).ConfigureAwait(false) : null;
        if (permission.NeedsEntity && entity is null)
        {
            return false;
        }

        if (permission.Allows(principals, entityId, entity))
        {
            return true;
        }

        if (!fromCache)
        {
            return false;
        }

        principals = await _principals.ResolveAsync(user, permission.Kinds, permission.NeedsGrants, cancellationToken).ConfigureAwait(false);
        return permission.Allows(principals, entityId, entity);
    }
}
