using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace JustScale.Core;

/// <summary>Defines a stored entity type: its name and fields, with the system fields every model has.</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <example><code>
/// public static Model&lt;User&gt; Model { get; } = Model&lt;User&gt;.Define("User", m => m
///     .Field(u => u.Email, new FieldOptions { MaxLength = 255, Unique = true, Indexed = true }));
/// </code></example>
/// <remarks>
/// A definition error (an unsupported property type, a duplicate field) does not throw inside the entity's static
/// initializer, where it would arrive wrapped in a <see cref="TypeInitializationException"/>: the model keeps it, and
/// <see cref="ThrowIfInvalid"/> throws it with its own message when a repository for the model is added
/// (<c>ClusterBuilder.Build()</c>) or the model is used.
/// </remarks>
public sealed partial class Model<T> where T : Entity, new()
{
    private readonly Dictionary<string, Field<T>> _byName;
    private readonly ExceptionDispatchInfo? _error;

    private Model(string name, IReadOnlyList<Field<T>> fields, IReadOnlyList<(string[] Fields, bool Unique)> indexes, ExceptionDispatchInfo? error)
    {
        Name = name;
        Fields = fields;
        _error = error;
        Id = SystemField<Guid>(nameof(Entity.Id));
        CreatedAt = SystemField<DateTimeOffset>(nameof(Entity.CreatedAt));
        UpdatedAt = typeof(IHasUpdatedAt).IsAssignableFrom(typeof(T)) ? SystemField<DateTimeOffset>(nameof(IHasUpdatedAt.UpdatedAt)) : null;
        List<Field<T>> all = [Id, .. fields, CreatedAt];
        if (UpdatedAt is not null)
        {
            all.Add(UpdatedAt);
        }

        AllFields = all;
        _byName = all.ToDictionary(f => f.Name, StringComparer.Ordinal);
        Indexes = [.. indexes.Select(index => new ModelIndex<T>([.. index.Fields.Select(FieldNamed)], index.Unique))];
    }

    /// <summary>Gets the model's name, used in messages (e.g. "User").</summary>
    public string Name { get; }

    /// <summary>Gets the declared fields, in declaration order (without the system fields).</summary>
    public IReadOnlyList<Field<T>> Fields { get; }

    /// <summary>Gets every field in storage order: id, the declared fields, created and updated times.</summary>
    public IReadOnlyList<Field<T>> AllFields { get; }

    /// <summary>Gets the indexes declared over several fields (<c>ModelBuilder.Index</c>).</summary>
    public IReadOnlyList<ModelIndex<T>> Indexes { get; }

    /// <summary>Gets the id field.</summary>
    public Field<T, Guid> Id { get; }

    /// <summary>Gets the creation-time field.</summary>
    public Field<T, DateTimeOffset> CreatedAt { get; }

    /// <summary>Gets the update-time field, or null when the entity does not implement <see cref="IHasUpdatedAt"/>.</summary>
    public Field<T, DateTimeOffset>? UpdatedAt { get; }

    /// <summary>Gets whether the definition failed; <see cref="ThrowIfInvalid"/> throws its error.</summary>
    public bool IsValid => _error is null;

    /// <summary>Defines a model from a name and a field list; a definition error is kept for <see cref="ThrowIfInvalid"/>.</summary>
    public static Model<T> Define(string name, Action<ModelBuilder<T>> fields)
    {
        var builder = new ModelBuilder<T>();
        try
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            ArgumentNullException.ThrowIfNull(fields);
            fields(builder);
            return new Model<T>(name, builder.Fields, builder.Indexes, null);
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException or InvalidOperationException)
        {
            return new Model<T>(string.IsNullOrWhiteSpace(name) ? typeof(T).Name : name, [], [], ExceptionDispatchInfo.Capture(ex));
        }
    }

    /// <summary>Throws the error the definition met (an unsupported field type, a duplicate field), with its own message.</summary>
    public void ThrowIfInvalid() => _error?.Throw();

    /// <summary>Finds a field by its property name; throws when the model has none.</summary>
    public Field<T> Field(string name)
    {
        ThrowIfInvalid();
        return _byName.TryGetValue(name, out var field)
            ? field
            : throw new ArgumentException($"Model {Name} has no field named '{name}'.", nameof(name));
    }

    /// <summary>Finds the typed field of a property, given as a lambda (<c>u =&gt; u.Email</c>).</summary>
    public Field<T, TValue> Field<TValue>(Expression<Func<T, TValue>> property)
    {
        var info = ModelBuilder<T>.PropertyOf(property);
        return Field(info.Name) as Field<T, TValue>
            ?? throw new ArgumentException($"{typeof(T).Name}.{info.Name} holds {info.PropertyType.Name}; ask for it as that type, without a cast.", nameof(property));
    }

    /// <summary>Copies every field of an entity into a new instance (byte arrays and JSON values deeply).</summary>
    /// <remarks>For stores and caches that hand out copies (the in-memory store, the session cache); hidden from IntelliSense.</remarks>
    /// <param name="entity">The entity to copy.</param>
    /// <returns>A new instance with the same field values.</returns>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public T Clone(T entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var copy = new T();
        CopyInto(entity, copy);
        return copy;
    }

    private Field<T> FieldNamed(string name) =>
        _byName.TryGetValue(name, out var field)
            ? field
            : throw new ArgumentException($"{typeof(T).Name}.{name} is not a field of model {Name}; declare it before indexing it.", nameof(name));

    private static Field<T, TValue> SystemField<TValue>(string name)
    {
        var property = typeof(T).GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no public property {name}.");
        return new Field<T, TValue>(property, new FieldOptions { Optional = false }, isSystem: true, json: false);
    }
}
