namespace JustScale.Core;

/// <summary>Reports a cluster whose dependency graph cannot be satisfied: missing services or a cycle.</summary>
/// <remarks>Thrown by <see cref="ClusterBuilder.Build()"/>, before any service is created.</remarks>
public sealed class DependencyException : JustScaleException
{
    /// <summary>Creates the exception from a finished message and the problems it lists.</summary>
    public DependencyException(string message, IReadOnlyList<MissingDependency> missing, IReadOnlyList<string>? cycle = null)
        : base(message)
    {
        Missing = missing;
        Cycle = cycle;
    }

    /// <summary>Creates the exception listing missing dependencies, each with who requires it and the fix when known, in the format <see cref="ClusterBuilder.Build()"/> uses.</summary>
    /// <remarks>For checks that run after Build, such as those of routes known only once their controller's services exist.</remarks>
    /// <param name="missing">The missing dependencies; at least one.</param>
    public DependencyException(IReadOnlyList<MissingDependency> missing)
        : this(DependencyGraph.FormatMissing(missing ?? throw new ArgumentNullException(nameof(missing)), hosted: false), missing)
    {
    }

    /// <summary>Gets every missing dependency with who requires it.</summary>
    public IReadOnlyList<MissingDependency> Missing { get; }

    /// <summary>Gets the path of the dependency cycle (first element repeated at the end), or null.</summary>
    public IReadOnlyList<string>? Cycle { get; }
}

/// <summary>Describes one missing dependency: the service and the component that requires it.</summary>
/// <param name="Required">The display name of the required service.</param>
/// <param name="RequiredBy">The display name of the component or service that requires it.</param>
/// <param name="RequiredType">The required service type.</param>
/// <param name="Fix">What to add to provide it (<c>.Add&lt;AuthFeature&gt;()</c>), when the requirer named it; otherwise null.</param>
public sealed record MissingDependency(string Required, string RequiredBy, Type RequiredType, string? Fix = null);
