using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>A kind of principal that stands for an entity: its principals carry that entity's id (an <c>OrgMember</c> carries the organization's).</summary>
/// <typeparam name="TEntity">The entity the principals' ids point to.</typeparam>
/// <remarks>A rule <c>When(p =&gt; p.Organization)</c> on this kind compiles only when the field is a <see cref="Reference{TEntity}"/>.</remarks>
/// <param name="name">The kind's name, shown in diagnostics and stored in grants.</param>
public sealed class PrincipalKind<TEntity>(string name) : PrincipalKind(name) where TEntity : Entity, new();
