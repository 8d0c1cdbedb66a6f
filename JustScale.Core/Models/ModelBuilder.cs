using System.Linq.Expressions;
using System.Reflection;

namespace JustScale.Core;

/// <summary>Collects the fields of a model while it is defined with <see cref="Model{T}.Define"/>.</summary>
/// <typeparam name="T">The entity type.</typeparam>
public sealed class ModelBuilder<T> where T : Entity, new()
{
    private readonly List<Field<T>> _fields = [];

    internal ModelBuilder()
    {
    }

    internal IReadOnlyList<Field<T>> Fields => _fields;

    /// <summary>Adds a field for a property; its kind follows the property type, its optionality its nullability.</summary>
    public ModelBuilder<T> Field<TValue>(Expression<Func<T, TValue>> property, FieldOptions? options = null)
    {
        var info = PropertyOf(property);
        if (_fields.Exists(f => f.Name == info.Name) || info.Name is nameof(Entity.Id) or nameof(Entity.CreatedAt) or nameof(IHasUpdatedAt.UpdatedAt))
        {
            throw new ArgumentException($"{typeof(T).Name}.{info.Name} is already part of the model.", nameof(property));
        }

        _fields.Add(new Field<T>(info, options ?? new FieldOptions(), isSystem: false));
        return this;
    }

    /// <summary>Adds a string field with a maximum length (VARCHAR(n)).</summary>
    public ModelBuilder<T> String(Expression<Func<T, string?>> property, int maxLength, bool unique = false, bool indexed = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        return Field(property, new FieldOptions { MaxLength = maxLength, Unique = unique, Indexed = indexed });
    }

    internal static PropertyInfo PropertyOf(LambdaExpression property)
    {
        ArgumentNullException.ThrowIfNull(property);
        var body = property.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : property.Body;
        if (body is MemberExpression { Member: PropertyInfo info } && info.CanRead && info.CanWrite)
        {
            return info;
        }

        throw new ArgumentException($"Expected a read-write property of {typeof(T).Name}, like x => x.Name; got {property}.", nameof(property));
    }
}
