namespace JustScale.Permissions;

/// <summary>Names a kind of principal the caller may act as (the user, everyone, an organization's member, a seller...).</summary>
/// <remarks>Kinds are compared by reference: declare each once, as a static field. <see cref="PrincipalKind{TEntity}"/> kinds
/// carry the id of an entity (the organization one is a member of); the others stand alone.</remarks>
public class PrincipalKind
{
    /// <summary>Creates a kind with a name, shown in diagnostics and stored in grants.</summary>
    public PrincipalKind(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>Gets the kind's name.</summary>
    public string Name { get; }

    /// <summary>Returns the name.</summary>
    public override string ToString() => Name;
}
