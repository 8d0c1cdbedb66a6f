using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Core;

/// <summary>One service of the dependency graph: what it provides, who added it and what it needs.</summary>
internal sealed record ServiceNode(
    Type ServiceType,
    string Name,
    string AddedBy,
    IReadOnlyList<Type> Dependencies,
    ServiceDescriptor Descriptor,
    bool IsContribution)
{
    /// <summary>Gets how messages name the service: its name, and the component that added it when that is another.</summary>
    public string Label => Name == AddedBy ? Name : $"{Name} (added by {AddedBy})";
}
