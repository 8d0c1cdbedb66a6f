using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>Permits every holder of a kind, on every entity.</summary>
internal sealed class AlwaysRule<TModel>(PrincipalKind kind) : PermitRule<TModel>(kind) where TModel : Entity, IModel<TModel>, new()
{
    internal override bool Allows(PrincipalSet principals, Guid id, TModel? entity, string action) => principals.Has(Kind);

    internal override Filter<TModel>? Condition(PrincipalSet principals, string action) => principals.Has(Kind) ? Filter<TModel>.All : null;

    internal override bool AllowsCreate(PrincipalSet principals) => principals.Has(Kind);

    public override string ToString() => $"any {Kind}";
}
