namespace JustScale.Http.OpenApi;

/// <summary>What a guard requires (a role, a permission), as <see cref="Guard.Describe{TContext}"/> recorded it; the OpenAPI document lists it (403, <c>x-justscale-requires</c>).</summary>
/// <param name="Text">The requirement, for people: <c>role admin</c>, <c>Organization.manage on :orgId</c>.</param>
internal sealed record GuardRequirement(string Text);
