using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JustScale.Core;

/// <summary>Creates in-memory repository components: <c>.Add(InMemoryRepository.For&lt;User&gt;())</c>.</summary>
public static class InMemoryRepository
{
    /// <summary>Returns a component that provides <see cref="IRepository{T}"/> on the cluster's in-memory store.</summary>
    public static IClusterComponent For<T>() where T : Entity, IModel<T>, new() => new Component<T>();

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
