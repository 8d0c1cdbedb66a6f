using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>Starts the rules of a permission on a model: <c>rule =&gt; rule.Permit(Member).When(p =&gt; p.Organization)</c>.</summary>
/// <typeparam name="TModel">The model the rules guard.</typeparam>
public sealed class Rules<TModel> where TModel : Entity, IModel<TModel>, new()
{
    internal static Rules<TModel> Instance { get; } = new();

    private Rules()
    {
    }

    /// <summary>Starts a rule for the principals of a kind that stands for an entity.</summary>
    public PermitBuilder<TModel, TEntity> Permit<TEntity>(PrincipalKind<TEntity> kind) where TEntity : Entity, new()
    {
        ArgumentNullException.ThrowIfNull(kind);
        return new PermitBuilder<TModel, TEntity>(kind);
    }

    /// <summary>Starts a rule for the principals of a kind without an entity (<see cref="Principals.Everyone"/>, a global role).</summary>
    public PermitBuilder<TModel> Permit(PrincipalKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return new PermitBuilder<TModel>(kind);
    }
}
