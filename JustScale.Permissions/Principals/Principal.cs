namespace JustScale.Permissions;

/// <summary>One principal the caller acts as: a kind and, for entity kinds, the entity's id (the original's <c>Principal{type, ref}</c>).</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Id">The entity's id; <see cref="Guid.Empty"/> for kinds without an entity (everyone).</param>
public readonly record struct Principal(PrincipalKind Kind, Guid Id);
