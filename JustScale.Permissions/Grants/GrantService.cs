using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>Stores and removes explicit grants (<see cref="PermissionGrant"/>) through the grant repository.</summary>
/// <param name="grants">The grant repository.</param>
public sealed class GrantService(IRepository<PermissionGrant> grants)
{
    private static readonly Field<PermissionGrant, string> KindField = PermissionGrant.Model.Field(g => g.PrincipalKind);
    private static readonly Field<PermissionGrant, Guid> PrincipalField = PermissionGrant.Model.Field(g => g.PrincipalId);
    private static readonly Field<PermissionGrant, string> ResourceField = PermissionGrant.Model.Field(g => g.Resource);
    private static readonly Field<PermissionGrant, string> ActionField = PermissionGrant.Model.Field(g => g.Action);
    private static readonly Field<PermissionGrant, Guid?> ResourceIdField = PermissionGrant.Model.Field(g => g.ResourceId);
    private readonly IRepository<PermissionGrant> _grants = grants ?? throw new ArgumentNullException(nameof(grants));

    /// <summary>Grants a principal an action on one entity (<paramref name="resourceId"/>) or on all (null); granting twice stores one grant.</summary>
    public async Task GrantAsync<TModel>(Principal principal, Permission<TModel> permission, Guid? resourceId = null, CancellationToken cancellationToken = default)
        where TModel : Entity, IModel<TModel>, new()
    {
        ArgumentNullException.ThrowIfNull(permission);
        var filter = FilterOf(principal, permission.Action, TModel.Model.Name, resourceId);
        if (await _grants.FindOneAsync(filter, cancellationToken).ConfigureAwait(false) is null)
        {
            await _grants.InsertAsync(new PermissionGrant
            {
                PrincipalKind = principal.Kind.Name,
                PrincipalId = principal.Id,
                Resource = TModel.Model.Name,
                Action = permission.Action,
                ResourceId = resourceId,
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes a grant; returns whether there was one. Effective on the next check: grants are read per check.</summary>
    public async Task<bool> RevokeAsync<TModel>(Principal principal, Permission<TModel> permission, Guid? resourceId = null, CancellationToken cancellationToken = default)
        where TModel : Entity, IModel<TModel>, new()
    {
        ArgumentNullException.ThrowIfNull(permission);
        return await _grants.DeleteWhereAsync(FilterOf(principal, permission.Action, TModel.Model.Name, resourceId), cancellationToken: cancellationToken).ConfigureAwait(false) > 0;
    }

    private static Filter<PermissionGrant> FilterOf(Principal principal, string action, string resource, Guid? resourceId) =>
        Filter<PermissionGrant>.Where(KindField, principal.Kind.Name).And(PrincipalField, principal.Id).And(ResourceField, resource)
            .And(ActionField, action).And(ResourceIdField, resourceId);
}
