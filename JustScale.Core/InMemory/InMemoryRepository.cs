using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JustScale.Core;

/// <summary>Creates in-memory repository components: <c>.Add(InMemoryRepository.For&lt;User&gt;())</c>.</summary>
public static class InMemoryRepository
{
    /// <summary>Returns a component that provides <see cref="IRepository{T}"/> on the cluster's in-memory store.</summary>
    public static IClusterComponent For<T>() where T : Entity, IModel<T>, new() => new Component<T>();

    /// <summary>Gets the factory that makes in-memory repositories for packages that register their own (<c>new AuthRepositories(InMemoryRepository.Factory)</c>).</summary>
    /// <remarks>Table names and change notifications do not apply: the in-memory store publishes every change to its own process.</remarks>
    public static IRepositoryFactory Factory { get; } = new InMemoryFactory();

    private sealed class InMemoryFactory : IRepositoryFactory
    {
        public IClusterComponent Create<T>(RepositoryDefinition definition) where T : Entity, IModel<T>, new()
        {
            ArgumentNullException.ThrowIfNull(definition);
            return For<T>();
        }
    }

    private sealed class Component<T> : IClusterComponent where T : Entity, IModel<T>, new()
    {
        public string Name => $"InMemoryRepository<{typeof(T).Name}>";

        public void Configure(ComponentContext context)
        {
            T.Model.ThrowIfInvalid();
            context.ConfigureServices(services => services.TryAddSingleton<InMemoryStore>());
            context.Provide<IRepository<T>>(
                sp => new InMemoryRepository<T>(sp.GetRequiredService<InMemoryStore>(), sp.GetRequiredService<TimeProvider>()),
                typeof(TimeProvider));
        }
    }
}
