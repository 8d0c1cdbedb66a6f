using System.Linq.Expressions;
using System.Reflection;

namespace JustScale.Core;

/// <summary>Describes one field of a model: its kind and constraints; the typed <see cref="Field{TModel, TValue}"/> is what filters take.</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <remarks>
/// Accessors are compiled once, when the model is defined. The store-facing ones read and write the <em>storage</em>
/// value: a <see cref="Reference{T}"/> field reads and writes its <see cref="Guid"/> id.
/// </remarks>
public abstract class Field<T> where T : Entity
{
    private readonly Func<T, object?> _getter;
    private readonly Action<T, object?> _setter;

    private protected Field(PropertyInfo property, FieldOptions options, bool isSystem, bool json)
    {
        Property = property;
        Name = property.Name;
        IsSystem = isSystem;
        var propertyType = property.PropertyType;
        var underlying = Nullable.GetUnderlyingType(propertyType);
        ValueType = underlying ?? propertyType;
        IsOptional = options.Optional ?? (underlying is not null || IsNullableReference(property));
        IsUnique = options.Unique;
        IsIndexed = options.Indexed;
        DefaultValue = options.Default;
        MaxLength = options.MaxLength;
        Kind = json ? FieldKind.Json : FieldKinds.Of(ValueType, options.MaxLength, property);
        if (Kind == FieldKind.Reference)
        {
            if (underlying is not null)
            {
                throw new NotSupportedException($"{typeof(T).Name}.{Name}: optional references are not supported; use a required Reference<T>.");
            }

            ReferencedType = ValueType.GetGenericArguments()[0];
        }

        StorageType = Kind == FieldKind.Reference ? typeof(Guid) : propertyType;
        (_getter, _setter) = CompileBoxedAccessors();
    }

    /// <summary>Gets the property name (PascalCase); stores derive column names from it.</summary>
    public string Name { get; }

    /// <summary>Gets the kind of value the field holds.</summary>
    public FieldKind Kind { get; }

    /// <summary>Gets the CLR type of the value, without <see cref="Nullable{T}"/>.</summary>
    public Type ValueType { get; }

    /// <summary>Gets whether the field may hold null.</summary>
    public bool IsOptional { get; }

    /// <summary>Gets whether no two entities may share a value of this field.</summary>
    public bool IsUnique { get; }

    /// <summary>Gets whether stores keep an index on this field.</summary>
    public bool IsIndexed { get; }

    /// <summary>Gets the maximum length of a <see cref="FieldKind.String"/> field, or null.</summary>
    public int? MaxLength { get; }

    /// <summary>Gets the value a new entity takes when the field is null on insert, or null.</summary>
    public object? DefaultValue { get; }

    /// <summary>Gets the entity type a <see cref="FieldKind.Reference"/> field points to, or null.</summary>
    public Type? ReferencedType { get; }

    /// <summary>Gets whether the field is maintained by the repository (id, created and updated times).</summary>
    public bool IsSystem { get; }

    /// <summary>Gets the property the field maps.</summary>
    internal PropertyInfo Property { get; }

    /// <summary>Gets the CLR type a store keeps: the property type (with <see cref="Nullable{T}"/>), a reference's <see cref="Guid"/>.</summary>
    internal Type StorageType { get; }

    /// <summary>Reads the storage value of the field, boxed (a reference reads as its id); for stores that keep objects.</summary>
    internal object? GetValue(T entity) => _getter(entity);

    /// <summary>Writes a boxed storage value into the field (a reference takes its id); for stores that keep objects.</summary>
    internal void SetValue(T entity, object? value) => _setter(entity, value);

    /// <summary>Builds the expression that reads the storage value of <paramref name="entity"/> (typed <see cref="StorageType"/>).</summary>
    internal Expression ReadStorage(Expression entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var member = Expression.Property(entity, Property);
        return Kind == FieldKind.Reference ? Expression.Property(member, nameof(Reference<>.Id)) : member;
    }

    /// <summary>Builds the expression that writes a storage value (typed <see cref="StorageType"/>) into <paramref name="entity"/>.</summary>
    internal Expression WriteStorage(Expression entity, Expression value)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(value);
        return Expression.Assign(
            Expression.Property(entity, Property),
            Kind == FieldKind.Reference ? Expression.New(Property.PropertyType.GetConstructor([typeof(Guid)])!, value) : value);
    }

    /// <summary>Returns the field's name.</summary>
    public override string ToString() => $"{typeof(T).Name}.{Name}";

    /// <summary>Copies the field's value from one entity to another; mutable values (byte arrays, JSON) are copied deeply.</summary>
    internal abstract void Copy(T source, T target);

    /// <summary>Fills the field with its default value when it is null.</summary>
    internal abstract void ApplyDefault(T entity);

    /// <summary>Reports whether the field of the entity is null.</summary>
    internal abstract bool IsNullIn(T entity);

    /// <summary>Reads the string value of a text field without boxing, or null.</summary>
    internal abstract string? TextIn(T entity);

    /// <summary>Normalises the field's value when it is a point in time (UTC, microseconds).</summary>
    internal abstract void NormalizeTimestamp(T entity);

    /// <summary>Throws unless filters may compare the field that way (JSON never; enums and bytes only for equality).</summary>
    internal void CheckComparison(Comparison comparison, bool valueIsNull)
    {
        if (Kind == FieldKind.Json)
        {
            throw new ArgumentException($"{this} is a JSON field; filters cannot compare it.", nameof(comparison));
        }

        if (comparison is not (Comparison.Equal or Comparison.NotEqual))
        {
            if (valueIsNull)
            {
                throw new ArgumentException($"{this}: only Equal and NotEqual accept null.", nameof(comparison));
            }

            if (Kind is FieldKind.Enum or FieldKind.Bytes)
            {
                throw new ArgumentException($"{this}: a {Kind} field can only be compared with Equal or NotEqual.", nameof(comparison));
            }
        }
    }

    private static bool IsNullableReference(PropertyInfo property) =>
        !property.PropertyType.IsValueType
        && new NullabilityInfoContext().Create(property).ReadState == NullabilityState.Nullable;

    private (Func<T, object?>, Action<T, object?>) CompileBoxedAccessors()
    {
        var entity = Expression.Parameter(typeof(T), "entity");
        var value = Expression.Parameter(typeof(object), "value");
        var read = Expression.Convert(ReadStorage(entity), typeof(object));
        var typed = StorageType.IsValueType && Nullable.GetUnderlyingType(StorageType) is null
            ? Expression.Unbox(value, StorageType)
            : (Expression)Expression.Convert(value, StorageType);
        var getter = Expression.Lambda<Func<T, object?>>(read, entity).Compile();
        var setter = Expression.Lambda<Action<T, object?>>(WriteStorage(entity, typed), entity, value).Compile();
        return (getter, setter);
    }
}
