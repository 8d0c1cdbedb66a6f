using System.Linq.Expressions;
using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>Finishes a rule for a principal kind that stands for an entity: also <see cref="When"/> and <see cref="Self"/>.</summary>
/// <typeparam name="TModel">The model the rule guards.</typeparam>
/// <typeparam name="TEntity">The entity the kind's principals point to.</typeparam>
public sealed class PermitBuilder<TModel, TEntity> : PermitBuilder<TModel>
    where TModel : Entity, IModel<TModel>, new()
    where TEntity : Entity, new()
{
    internal PermitBuilder(PrincipalKind<TEntity> kind)
        : base(kind)
    {
    }

    /// <summary>Permits the holders of the principal for the entity the reference field points to.</summary>
    /// <remarks>The field must be a <see cref="Reference{TEntity}"/> of the kind's entity: another type does not compile. A property
    /// that is not a field of the model throws when the rule is declared (at type load, before Build).</remarks>
    /// <exception cref="ArgumentException">The property is not a field of the model.</exception>
    public PermitRule<TModel> When(Expression<Func<TModel, Reference<TEntity>>> field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return new WhenRule<TModel, TEntity>((PrincipalKind<TEntity>)Kind, TModel.Model.Field(field), field.Compile());
    }

    /// <summary>Permits the holders of the principal for the entity itself (the kind's entity is the model).</summary>
    /// <exception cref="ArgumentException">The kind stands for another entity than the model.</exception>
    public PermitRule<TModel> Self() => Kind is PrincipalKind<TModel> self
        ? new SelfRule<TModel>(self)
        : throw new ArgumentException($"Self() needs a principal kind of {typeof(TModel).Name}; {Kind} stands for {typeof(TEntity).Name}. Use When(p => p.{typeof(TEntity).Name}).");
}
