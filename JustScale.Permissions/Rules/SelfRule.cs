using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>Permits the holders of a kind's principal for the entity itself (an organization's members on the organization).</summary>
internal sealed class SelfRule<TModel>(PrincipalKind<TModel> kind) : PermitRule<TModel>(kind) where TModel : Entity, IModel<TModel>, new()
{
    internal override bool Allows(PrincipalSet principals, Guid id, TModel? entity, string action) => principals.Has(Kind, id);

    internal override Filter<TModel>? Condition(PrincipalSet principals, string action) =>
        principals.IdsOf(Kind) is { Count: > 0 } ids ? Filter<TModel>.In(TModel.Model.Id, ids) : null;

    public override string ToString() => $"{Kind} of the {TModel.Model.Name}";
}
