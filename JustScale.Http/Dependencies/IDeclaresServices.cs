namespace JustScale.Http.Dependencies;

/// <summary>Marks the target of a middleware or guard delegate made by a factory (<see cref="Middleware.Create{TIn, TOut, TService}"/>) with the services it declares.</summary>
internal interface IDeclaresServices
{
    /// <summary>Gets the declared services.</summary>
    IReadOnlyList<InjectAttribute> Services { get; }
}
