namespace JustScale.Core;

/// <summary>Names one entity that was updated or deleted: its type and id.</summary>
/// <param name="EntityType">The entity type (e.g. <c>typeof(Session)</c>).</param>
/// <param name="Id">The entity's id.</param>
public readonly record struct EntityChange(Type EntityType, Guid Id);
