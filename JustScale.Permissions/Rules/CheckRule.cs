using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>Permits holders of a kind when a check on the principals and the loaded entity passes; it cannot become a query condition.</summary>
internal sealed class CheckRule<TModel>(PrincipalKind kind, Func<PrincipalSet, TModel, bool> check) : PermitRule<TModel>(kind)
    where TModel : Entity, IModel<TModel>, new()
{
    internal override bool NeedsEntity => true;

    internal override bool Allows(PrincipalSet principals, Guid id, TModel? entity, string action) =>
        entity is not null && principals.Has(Kind) && check(principals, entity);

    internal override Filter<TModel>? Condition(PrincipalSet principals, string action) =>
        throw new InvalidOperationException(
            $"The rule '{this}' on {TModel.Model.Name} is a Check(...): code, not a condition the database can apply. Query with a permission whose rules are When/Self/Always/Granted, or check each entity with PermissionService.CanAsync.");

    public override string ToString() => $"{Kind} passing a check";
}
