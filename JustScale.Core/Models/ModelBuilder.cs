using System.Linq.Expressions;
using System.Reflection;

namespace JustScale.Core;

/// <summary>Collects the fields of a model while it is defined with <see cref="Model{T}.Define"/>.</summary>
/// <typeparam name="T">The entity type.</typeparam>
public sealed class ModelBuilder<T> where T : Entity, new()
{
    private static readonly MethodInfo CreateMethod = typeof(ModelBuilder<T>).GetMethod(nameof(Create), BindingFlags.NonPublic | BindingFlags.Static)!;
    private readonly List<Field<T>> _fields = [];
    private readonly List<(string[] Fields, bool Unique)> _indexes = [];

    internal ModelBuilder()
    {
    }

    internal IReadOnlyList<Field<T>> Fields => _fields;

    internal IReadOnlyList<(string[] Fields, bool Unique)> Indexes => _indexes;

    /// <summary>Adds a field for a property; its kind follows the property type, its optionality its nullability.</summary>
    /// <exception cref="NotSupportedException">The property type is not a supported field type (kept by the model until Build()).</exception>
    public ModelBuilder<T> Field<TValue>(Expression<Func<T, TValue>> property, FieldOptions? options = null) =>
        Add(property, options, json: false);

    /// <summary>Adds a string field with a maximum length (VARCHAR(n)).</summary>
    public ModelBuilder<T> String(Expression<Func<T, string?>> property, int maxLength, bool unique = false, bool indexed = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        return Field(property, new FieldOptions { MaxLength = maxLength, Unique = unique, Indexed = indexed });
    }

    /// <summary>Adds a field whose value is stored as JSON with System.Text.Json (PostgreSQL JSONB); filters cannot compare it.</summary>
    /// <remarks>Names are camelCase (<see cref="System.Text.Json.JsonSerializerOptions.Web"/>). Stores return copies: changing a
    /// returned value changes nothing stored.</remarks>
    public ModelBuilder<T> Json<TValue>(Expression<Func<T, TValue>> property, FieldOptions? options = null) =>
        Add(property, options, json: true);

    /// <summary>Declares an index over two fields, in order; a unique one refuses two entities with the same values of both.</summary>
    public ModelBuilder<T> Index(Expression<Func<T, object?>> first, Expression<Func<T, object?>> second, bool unique = false) =>
        Index([first, second], unique);

    /// <summary>Declares an index over several fields, in order; a unique one refuses two entities with the same values of all.</summary>
    /// <remarks>Fields (system fields such as <c>CreatedAt</c> included) must be part of the model.</remarks>
    public ModelBuilder<T> Index(Expression<Func<T, object?>>[] fields, bool unique = false)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Length == 0)
        {
            throw new ArgumentException("An index needs at least one field.", nameof(fields));
        }

        _indexes.Add(([.. fields.Select(f => PropertyOf(f).Name)], unique));
        return this;
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

    private static Field<T, TValue> Create<TValue>(PropertyInfo property, FieldOptions options, bool json) =>
        new(property, options, isSystem: false, json);

    private ModelBuilder<T> Add(LambdaExpression property, FieldOptions? options, bool json)
    {
        var info = PropertyOf(property);
        if (_fields.Exists(f => f.Name == info.Name) || info.Name is nameof(Entity.Id) or nameof(Entity.CreatedAt) or nameof(IHasUpdatedAt.UpdatedAt))
        {
            throw new ArgumentException($"{typeof(T).Name}.{info.Name} is already part of the model.", nameof(property));
        }

        // The field's value type is the property's own type, whatever the lambda converts it to.
        var field = (Field<T>)CreateMethod.MakeGenericMethod(info.PropertyType)
            .Invoke(null, BindingFlags.DoNotWrapExceptions, null, [info, options ?? new FieldOptions(), json], null)!;
        _fields.Add(field);
        return this;
    }
}
