namespace JustScale.Core;

/// <summary>Binds an entity type to its model definition, so stores can find it from the type alone.</summary>
/// <typeparam name="TSelf">The entity type itself.</typeparam>
public interface IModel<TSelf> where TSelf : Entity, IModel<TSelf>, new()
{
    /// <summary>Gets the entity's model: its name and fields.</summary>
    static abstract Model<TSelf> Model { get; }
}
