namespace JustScale.Core;

/// <summary>Pairs an entity with the entity one of its references points to, loaded together.</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <typeparam name="TRef">The referenced entity type.</typeparam>
/// <param name="Entity">The entity found.</param>
/// <param name="Referenced">The entity its reference points to.</param>
public sealed record Joined<T, TRef>(T Entity, TRef Referenced) where T : Entity where TRef : Entity;
