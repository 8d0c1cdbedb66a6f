namespace JustScale.Core;

/// <summary>Bundles services under a name, with the services they require from the rest of the cluster.</summary>
/// <remarks>Derive from it and declare both in <see cref="Configure"/>; <see cref="ClusterBuilder.Build()"/> names the
/// feature when a requirement is missing ("Feature: AuthFeature requires: - IRepository&lt;User&gt;").</remarks>
public abstract class Feature : IClusterComponent
{
    /// <summary>Gets the feature's name; by default its type name.</summary>
    public virtual string Name => GetType().Name;

    /// <summary>Declares the services the feature provides and requires.</summary>
    public abstract void Configure(ComponentContext context);
}
