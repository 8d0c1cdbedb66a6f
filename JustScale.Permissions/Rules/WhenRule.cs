using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>Permits the holders of a kind's principal for the entity a reference field points to (<c>When(p =&gt; p.Organization)</c>).</summary>
internal sealed class WhenRule<TModel, TEntity>(PrincipalKind<TEntity> kind, Field<TModel, Reference<TEntity>> field, Func<TModel, Reference<TEntity>> read) : PermitRule<TModel>(kind)
    where TModel : Entity, IModel<TModel>, new()
    where TEntity : Entity, new()
{
    internal override bool NeedsEntity => true;

    internal override bool Allows(PrincipalSet principals, Guid id, TModel? entity, string action) =>
        entity is not null && principals.Has(Kind, read(entity).Id);

    internal override Filter<TModel>? Condition(PrincipalSet principals, string action) =>
        principals.IdsOf(Kind) is { Count: > 0 } ids ? Filter<TModel>.In(field, ids) : null;

    public override string ToString() => $"{Kind} of {field.Name}";
}
