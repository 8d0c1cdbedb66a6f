namespace JustScale.Core;

/// <summary>Contributes to a cluster: features, repositories and controllers all implement it.</summary>
/// <remarks>Added with <see cref="ClusterBuilder.Add(IClusterComponent)"/>; <see cref="Configure"/> runs once, at <see cref="ClusterBuilder.Build()"/>.</remarks>
public interface IClusterComponent
{
    /// <summary>Gets the name used in dependency messages (e.g. "AuthFeature").</summary>
    string Name => GetType().Name;

    /// <summary>Declares what the component provides and requires.</summary>
    void Configure(ComponentContext context);
}
