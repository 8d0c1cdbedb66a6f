using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>One way to be allowed an action on a model: a principal kind and a condition. A permission holds when any of its rules does.</summary>
/// <typeparam name="TModel">The model the rule guards.</typeparam>
/// <remarks>Made by <see cref="Rules{TModel}"/>: <c>rule.Permit(Member).When(p =&gt; p.Organization)</c>. Every rule answers both
/// the door (<see cref="Allows"/>, for one entity) and the query (<see cref="Condition"/>, a filter for the database).</remarks>
public abstract class PermitRule<TModel> where TModel : Entity, IModel<TModel>, new()
{
    private protected PermitRule(PrincipalKind kind) => Kind = kind;

    /// <summary>Gets the principal kind the rule permits.</summary>
    public PrincipalKind Kind { get; }

    /// <summary>Gets whether the check needs the entity loaded (a condition on one of its fields), not just its id.</summary>
    internal virtual bool NeedsEntity => false;

    /// <summary>Gets whether the rule reads grants.</summary>
    internal virtual bool NeedsGrants => false;

    /// <summary>Gets whether the rule only permits creating (<see cref="PermitBuilder{TModel}.ForCreate"/>).</summary>
    internal virtual bool ForCreate => false;

    /// <summary>Returns whether the principals may act on the entity with <paramref name="id"/> (<paramref name="entity"/> loaded when <see cref="NeedsEntity"/>).</summary>
    internal abstract bool Allows(PrincipalSet principals, Guid id, TModel? entity, string action);

    /// <summary>Returns the filter of the entities the principals may act on: <see cref="Filter{T}.All"/> for every one, null for none.</summary>
    internal abstract Filter<TModel>? Condition(PrincipalSet principals, string action);

    /// <summary>Returns whether the principals may create an entity.</summary>
    internal virtual bool AllowsCreate(PrincipalSet principals) => false;

    /// <summary>Describes the rule for documentation (OpenAPI, errors).</summary>
    public abstract override string ToString();
}
