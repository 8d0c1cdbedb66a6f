using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>Finishes a rule for a principal kind: <see cref="Always"/>, <see cref="ForCreate"/>, <see cref="Check"/> or <see cref="Granted"/>.</summary>
/// <typeparam name="TModel">The model the rule guards.</typeparam>
public class PermitBuilder<TModel> where TModel : Entity, IModel<TModel>, new()
{
    internal PermitBuilder(PrincipalKind kind) => Kind = kind;

    /// <summary>Gets the principal kind.</summary>
    protected PrincipalKind Kind { get; }

    /// <summary>Permits every holder of the kind on every entity.</summary>
    public PermitRule<TModel> Always() => new AlwaysRule<TModel>(Kind);

    /// <summary>Permits every holder of the kind to create; nothing on existing entities.</summary>
    public PermitRule<TModel> ForCreate() => new CreateRule<TModel>(Kind);

    /// <summary>Permits holders of the kind when the check on the principals and the entity passes (guards only; a query with it throws).</summary>
    public PermitRule<TModel> Check(Func<PrincipalSet, TModel, bool> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return new CheckRule<TModel>(Kind, check);
    }

    /// <summary>Permits holders of the kind who hold a <see cref="PermissionGrant"/> for the action: denied until granted.</summary>
    public PermitRule<TModel> Granted() => new GrantedRule<TModel>(Kind);
}
