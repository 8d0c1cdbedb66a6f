using System.Linq.Expressions;
using System.Reflection;

namespace JustScale.Core;

/// <summary>Describes one field of a model: its kind, constraints and compiled accessors.</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <remarks>
/// Accessors are compiled once, when the model is defined. They read and write the <em>storage</em> value:
/// a <see cref="Reference{T}"/> field reads and writes its <see cref="Guid"/> id.
/// </remarks>
public sealed class Field<T> where T : Entity
{
    private readonly Func<T, object?> _getter;
    private readonly Action<T, object?> _setter;

    internal Field(PropertyInfo property, FieldOptions options, bool isSystem)
    {
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
        Kind = KindOf(ValueType, options.MaxLength, property);
        if (Kind == FieldKind.Reference)
        {
            if (underlying is not null)
            {
                throw new NotSupportedException($"{typeof(T).Name}.{Name}: optional references are not supported; use a required Reference<T>.");
            }

            ReferencedType = ValueType.GetGenericArguments()[0];
        }

        (_getter, _setter) = CompileAccessors(property, Kind);
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

    /// <summary>Reads the storage value of the field (a reference reads as its id).</summary>
    public object? GetValue(T entity) => _getter(entity);

    /// <summary>Writes a storage value into the field (a reference takes its id).</summary>
    public void SetValue(T entity, object? value) => _setter(entity, value);

    /// <summary>Converts a value given in a filter or change to its storage form.</summary>
    public object? ToStorage(object? value) => value switch
    {
        null => null,
        DateTimeOffset time => Timestamps.Normalize(time),
        DateTime time => Timestamps.Normalize(new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc))),
        _ when Kind == FieldKind.Reference && value is not Guid => ReferenceId(value),
        _ => value,
    };

    /// <summary>Returns the field's name.</summary>
    public override string ToString() => $"{typeof(T).Name}.{Name}";

    private static Guid ReferenceId(object value) =>
        value is Entity entity ? entity.Id
        : (Guid)value.GetType().GetProperty(nameof(Reference<>.Id))!.GetValue(value)!;

    private static bool IsNullableReference(PropertyInfo property) =>
        !property.PropertyType.IsValueType
        && new NullabilityInfoContext().Create(property).ReadState == NullabilityState.Nullable;

    private static FieldKind KindOf(Type type, int? maxLength, PropertyInfo property)
    {
        if (type == typeof(string))
        {
            return maxLength is null ? FieldKind.Text : FieldKind.String;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Reference<>))
        {
            return FieldKind.Reference;
        }

        return type switch
        {
            _ when type == typeof(Guid) => FieldKind.Uuid,
            _ when type == typeof(int) => FieldKind.Int,
            _ when type == typeof(long) => FieldKind.Long,
            _ when type == typeof(bool) => FieldKind.Bool,
            _ when type == typeof(DateTimeOffset) => FieldKind.Timestamp,
            _ => throw new NotSupportedException(
                $"{property.DeclaringType?.Name}.{property.Name}: type {type.Name} is not a supported field type " +
                "(string, int, long, bool, Guid, DateTimeOffset, Reference<T>)."),
        };
    }

    private static (Func<T, object?>, Action<T, object?>) CompileAccessors(PropertyInfo property, FieldKind kind)
    {
        var entity = Expression.Parameter(typeof(T), "entity");
        var value = Expression.Parameter(typeof(object), "value");
        var member = Expression.Property(entity, property);
        Expression read = member;
        Expression write;
        if (kind == FieldKind.Reference)
        {
            read = Expression.Property(member, nameof(Reference<>.Id));
            var ctor = property.PropertyType.GetConstructor([typeof(Guid)])!;
            write = Expression.Assign(member, Expression.New(ctor, Expression.Unbox(value, typeof(Guid))));
        }
        else
        {
            var target = property.PropertyType;
            write = Expression.Assign(member, target.IsValueType && Nullable.GetUnderlyingType(target) is null
                ? Expression.Unbox(value, target)
                : Expression.Convert(value, target));
        }

        var getter = Expression.Lambda<Func<T, object?>>(Expression.Convert(read, typeof(object)), entity).Compile();
        var setter = Expression.Lambda<Action<T, object?>>(write, entity, value).Compile();
        return (getter, setter);
    }
}
