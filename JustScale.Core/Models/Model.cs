using System.Linq.Expressions;
using System.Reflection;

namespace JustScale.Core;

/// <summary>Defines a stored entity type: its name and fields, with the system fields every model has.</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <example><code>
/// public static Model&lt;User&gt; Model { get; } = Model&lt;User&gt;.Define("User", m => m
///     .Field(u => u.Email, new FieldOptions { MaxLength = 255, Unique = true, Indexed = true }));
/// </code></example>
public sealed partial class Model<T> where T : Entity, new()
{
    private readonly Dictionary<string, Field<T>> _byName;

    private Model(string name, IReadOnlyList<Field<T>> fields)
    {
        Name = name;
        Fields = fields;
        Id = SystemField(nameof(Entity.Id));
        CreatedAt = SystemField(nameof(Entity.CreatedAt));
        UpdatedAt = typeof(IHasUpdatedAt).IsAssignableFrom(typeof(T)) ? SystemField(nameof(IHasUpdatedAt.UpdatedAt)) : null;
        var all = new List<Field<T>> { Id };
        all.AddRange(fields);
        all.Add(CreatedAt);
        if (UpdatedAt is not null)
        {
            all.Add(UpdatedAt);
        }

        AllFields = all;
        _byName = all.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    /// <summary>Gets the model's name, used in messages (e.g. "User").</summary>
    public string Name { get; }

    /// <summary>Gets the declared fields, in declaration order (without the system fields).</summary>
    public IReadOnlyList<Field<T>> Fields { get; }

    /// <summary>Gets every field in storage order: id, the declared fields, created and updated times.</summary>
    public IReadOnlyList<Field<T>> AllFields { get; }

    /// <summary>Gets the id field.</summary>
    public Field<T> Id { get; }

    /// <summary>Gets the creation-time field.</summary>
    public Field<T> CreatedAt { get; }

    /// <summary>Gets the update-time field, or null when the entity does not implement <see cref="IHasUpdatedAt"/>.</summary>
    public Field<T>? UpdatedAt { get; }

    /// <summary>Defines a model from a name and a field list.</summary>
    public static Model<T> Define(string name, Action<ModelBuilder<T>> fields)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(fields);
        var builder = new ModelBuilder<T>();
        fields(builder);
        return new Model<T>(name, builder.Fields);
    }

    /// <summary>Finds a field by its property name; throws when the model has none.</summary>
    public Field<T> Field(string name) =>
        _byName.TryGetValue(name, out var field)
            ? field
            : throw new ArgumentException($"Model {Name} has no field named '{name}'.", nameof(name));

    /// <summary>Finds the field of a property, given as a lambda (<c>u =&gt; u.Email</c>).</summary>
    public Field<T> Field<TValue>(Expression<Func<T, TValue>> property) => Field(ModelBuilder<T>.PropertyOf(property).Name);

    /// <summary>Copies every field of an entity into a new instance.</summary>
    public T Clone(T entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var copy = new T();
        foreach (var field in AllFields)
        {
            field.SetValue(copy, field.GetValue(entity));
        }

        return copy;
    }

    private static Field<T> SystemField(string name)
    {
        var property = typeof(T).GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no public property {name}.");
        return new Field<T>(property, new FieldOptions { Optional = false }, isSystem: true);
    }
}
