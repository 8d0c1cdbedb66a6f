using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>Permits holders of a kind who were granted the action explicitly (<see cref="PermissionGrant"/>), on one entity or on all.</summary>
/// <remarks>The original's bare <c>permit(X)</c>: denied until granted.</remarks>
internal sealed class GrantedRule<TModel>(PrincipalKind kind) : PermitRule<TModel>(kind) where TModel : Entity, IModel<TModel>, new()
{
    internal override bool NeedsGrants => true;

    internal override bool Allows(PrincipalSet principals, Guid id, TModel? entity, string action) =>
        Matching(principals, action).Any(grant => grant.ResourceId is null || grant.ResourceId == id);

    internal override Filter<TModel>? Condition(PrincipalSet principals, string action)
    {
        var grants = Matching(principals, action).ToList();
        if (grants.Any(grant => grant.ResourceId is null))
        {
            return Filter<TModel>.All;
        }

        return grants.Count > 0 ? Filter<TModel>.In(TModel.Model.Id, grants.Select(grant => grant.ResourceId!.Value)) : null;
    }

    internal override bool AllowsCreate(PrincipalSet principals) => Matching(principals, "create").Any(grant => grant.ResourceId is null);

    public override string ToString() => $"{Kind} granted";

    private IEnumerable<PermissionGrant> Matching(PrincipalSet principals, string action) =>
        principals.Grants.Where(grant => grant.Resource == TModel.Model.Name && grant.Action == action && grant.PrincipalKind == Kind.Name
            && principals.Has(Kind, grant.PrincipalId));
}
