using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;

namespace JustScale.Core;

/// <summary>Describes one field of a model with the type of its value, so filters and changes take only values of that type.</summary>
/// <typeparam name="TModel">The entity type.</typeparam>
/// <typeparam name="TValue">The property type (a <see cref="Reference{T}"/> for a reference).</typeparam>
/// <remarks>Get one with <c>Model.Field(u =&gt; u.Email)</c>; <c>Filter&lt;User&gt;.Where(email, 42)</c> then does not compile.</remarks>
public sealed class Field<TModel, TValue> : Field<TModel> where TModel : Entity
{
    private readonly Func<TModel, TValue> _get;
    private readonly Action<TModel, TValue> _set;
    private readonly Func<TValue, TValue>? _deepCopy;
    private readonly Func<TValue, Guid>? _referenceId;

    internal Field(PropertyInfo property, FieldOptions options, bool isSystem, bool json)
        : base(property, options, isSystem, json)
    {
        if (property.PropertyType != typeof(TValue))
        {
            throw new ArgumentException($"{this} holds {property.PropertyType.Name}, not {typeof(TValue).Name}.", nameof(property));
        }

        var entity = Expression.Parameter(typeof(TModel), "entity");
        var value = Expression.Parameter(typeof(TValue), "value");
        var member = Expression.Property(entity, property);
        _get = Expression.Lambda<Func<TModel, TValue>>(member, entity).Compile();
        _set = Expression.Lambda<Action<TModel, TValue>>(Expression.Assign(member, value), entity, value).Compile();
        if (Kind == FieldKind.Reference)
        {
            _referenceId = Expression.Lambda<Func<TValue, Guid>>(Expression.Property(value, nameof(Reference<>.Id)), value).Compile();
        }

        _deepCopy = Kind switch
        {
            FieldKind.Bytes => static v => v is byte[] bytes ? (TValue)(object)bytes.ToArray() : v,
            FieldKind.Json => static v => v is null ? v : JsonSerializer.Deserialize<TValue>(JsonSerializer.SerializeToUtf8Bytes(v, JsonColumn.Options), JsonColumn.Options)!,
            _ => null,
        };
    }

    /// <summary>Reads the field's value.</summary>
    internal TValue Get(TModel entity) => _get(entity);

    /// <summary>Writes the field's value.</summary>
    internal void Set(TModel entity, TValue value) => _set(entity, value);

    /// <summary>Makes the condition comparing the field with a value, in storage form (a reference as its id, times normalised).</summary>
    internal FieldCondition<TModel> Compare(Comparison comparison, TValue value)
    {
        CheckComparison(comparison, value is null);
        return _referenceId is not null
            ? new ValueCondition<TModel, Guid>(this, comparison, _referenceId(value))
            : new ValueCondition<TModel, TValue>(this, comparison, Normalize(value));
    }

    /// <summary>Makes the condition that the field holds one of the values.</summary>
    internal Condition<TModel> In(IEnumerable<TValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckComparison(Comparison.Equal, valueIsNull: false);
        TValue[] list = [.. values];
        if (list.Any(value => value is null))
        {
            throw new ArgumentException($"{this}: In takes no null value; use Where(field, null) for that.", nameof(values));
        }

        return _referenceId is not null
            ? new InCondition<TModel, Guid>(this, [.. list.Select(_referenceId)])
            : new InCondition<TModel, TValue>(this, [.. list.Select(Normalize)]);
    }

    /// <inheritdoc />
    internal override void Copy(TModel source, TModel target)
    {
        var value = _get(source);
        _set(target, _deepCopy is null ? value : _deepCopy(value));
    }

    /// <inheritdoc />
    internal override void ApplyDefault(TModel entity)
    {
        if (DefaultValue is TValue value && _get(entity) is null)
        {
            _set(entity, value);
        }
    }

    /// <inheritdoc />
    internal override bool IsNullIn(TModel entity) => _get(entity) is null;

    /// <inheritdoc />
    internal override string? TextIn(TModel entity) => _get(entity) as string;

    /// <inheritdoc />
    internal override void NormalizeTimestamp(TModel entity)
    {
        if (Kind == FieldKind.Timestamp && _get(entity) is DateTimeOffset time)
        {
            _set(entity, (TValue)(object)Timestamps.Normalize(time));
        }
    }

    private static TValue Normalize(TValue value) =>
        value is DateTimeOffset time ? (TValue)(object)Timestamps.Normalize(time) : value;
}
