namespace JustScale.Core;

/// <summary>Makes repository components on one store, so a package can register its models' repositories without knowing the store.</summary>
/// <remarks>
/// <see cref="InMemoryRepository.Factory"/> and JustScale.Postgres's <c>PgRepository.Factory</c> implement it. A package such as
/// JustScale.Auth lists its models with default table names once (<c>AuthRepositories</c>) and the app picks the store in one call:
/// <c>.Add(new AuthRepositories(PgRepository.Factory))</c>. Packages keep speaking <see cref="IRepository{T}"/> only.
/// </remarks>
public interface IRepositoryFactory
{
    /// <summary>Returns a component that provides <see cref="IRepository{T}"/> on this store, as <paramref name="definition"/> describes.</summary>
    /// <typeparam name="T">The entity, which defines its own model.</typeparam>
    /// <param name="definition">The table name and change notifications; a store without tables ignores what it does not use.</param>
    IClusterComponent Create<T>(RepositoryDefinition definition) where T : Entity, IModel<T>, new();
}
