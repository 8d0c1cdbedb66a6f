using JustScale.Auth;
using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>Checks permissions on loaded entities and turns them into query conditions, for handlers (no HTTP involved).</summary>
/// <param name="principals">The principal resolver.</param>
public sealed class PermissionService(PrincipalResolver principals)
{
    private readonly PrincipalResolver _principals = principals ?? throw new ArgumentNullException(nameof(principals));

    /// <summary>Returns whether the user may act on a loaded entity.</summary>
    public async ValueTask<bool> CanAsync<TModel>(User user, Permission<TModel> permission, TModel entity, CancellationToken cancellationToken = default)
        where TModel : Entity, IModel<TModel>, new()
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(permission);
        ArgumentNullException.ThrowIfNull(entity);
        var principals = await _principals.ResolveAsync(user, permission.Kinds, permission.NeedsGrants, cancellationToken).ConfigureAwait(false);
        return user.DisabledAt is null && permission.Allows(principals, entity.Id, entity);
    }

    /// <summary>Returns whether the user may create an entity (rules <see cref="PermitBuilder{TModel}.ForCreate"/>, <c>Always</c>, or a grant of <c>create</c>).</summary>
    public async ValueTask<bool> CanCreateAsync<TModel>(User user, Permission<TModel> permission, CancellationToken cancellationToken = default)
        where TModel : Entity, IModel<TModel>, new()
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(permission);
        var principals = await _principals.ResolveAsync(user, permission.Kinds, permission.NeedsGrants, cancellationToken).ConfigureAwait(false);
        return user.DisabledAt is null && permission.Rules.Any(rule => rule.AllowsCreate(principals));
    }

    /// <summary>Returns the filter of the entities the user may act on: <see cref="Filter{T}.All"/>, some, or null for none.</summary>
    /// <exception cref="InvalidOperationException">A rule is a <c>Check(...)</c>, which no database can apply.</exception>
    public async ValueTask<Filter<TModel>?> ConditionAsync<TModel>(User user, Permission<TModel> permission, CancellationToken cancellationToken = default)
        where TModel : Entity, IModel<TModel>, new()
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(permission);
        if (user.DisabledAt is not null)
        {
            return null;
        }

        var principals = await _principals.ResolveAsync(user, permission.Kinds, permission.NeedsGrants, cancellationToken).ConfigureAwait(false);
        return permission.Condition(principals);
    }

    /// <summary>Returns the entities matching <paramref name="filter"/> that the user may act on, filtered by the store in one query.</summary>
    /// <remarks>The principals are resolved first (one read per provider asked); the list itself is one statement: the permission's
    /// condition joins <paramref name="filter"/> with AND, and nothing is filtered in memory. No principal permits anything: no query at all.</remarks>
    public async Task<IReadOnlyList<TModel>> FindAllowedAsync<TModel>(
        IRepository<TModel> repository, User user, Permission<TModel> permission, Filter<TModel>? filter = null, FindOptions<TModel>? options = null,
        CancellationToken cancellationToken = default)
        where TModel : Entity, IModel<TModel>, new()
    {
        ArgumentNullException.ThrowIfNull(repository);
        var condition = await ConditionAsync(user, permission, cancellationToken).ConfigureAwait(false);
        if (condition is null)
        {
            return [];
        }

        return await repository.FindManyAsync(filter is null ? condition : filter & condition, options, cancellationToken).ConfigureAwait(false);
    }
}
