using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>A kind of principal that stands for an entity: its principals carry that entity's id (an <c>OrgMember</c> carries the organization's).</summary>
/// <typeparam name="TEntity">The entity the principals' ids point to.</typeparam>
/// <remarks>A rule <c>When(p =&gt; p.Organization)</c> on this kind compiles only when the field is a <see cref="Reference{TEntity}"/>.</remarks>
public sealed class PrincipalKind<TEntity> : PrincipalKind where TEntity : Entity, new()
{
    /// <summary>Creates a kind with a name.</summary>
    public PrincipalKind(string name)
        : base(name)
    {
    }
}
