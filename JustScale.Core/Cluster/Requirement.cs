namespace JustScale.Core;

/// <summary>One service a component declared it needs from the rest of the cluster, with who needs it and the fix when known.</summary>
internal sealed record Requirement(Type Type, string RequiredBy, string? Fix);
