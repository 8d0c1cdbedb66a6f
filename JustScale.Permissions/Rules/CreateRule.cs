using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>Permits every holder of a kind to create; it permits nothing on existing entities.</summary>
internal sealed class CreateRule<TModel>(PrincipalKind kind) : PermitRule<TModel>(kind) where TModel : Entity, IModel<TModel>, new()
{
    internal override bool ForCreate => true;

    internal override bool Allows(PrincipalSet principals, Guid id, TModel? entity, string action) => false;

    internal override Filter<TModel>? Condition(PrincipalSet principals, string action) => null;

    internal override bool AllowsCreate(PrincipalSet principals) => principals.Has(Kind);

    public override string ToString() => $"any {Kind}, to create";
}
