using JustScale.Core;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Postgres;

/// <summary>Creates PostgreSQL repository components (the docs' <c>createPgRepository</c>): <c>.Add(PgRepository.Create(PgUser))</c>.</summary>
public static class PgRepository
{
    /// <summary>Returns a component that provides <see cref="IRepository{T}"/> on the cluster's <see cref="PostgresClient"/>.</summary>
    public static IClusterComponent Create<T>(PgModel<T> model) where T : Entity, new()
    {
        ArgumentNullException.ThrowIfNull(model);
        return new Component<T>(model);
    }

    /// <summary>Gets the factory that makes PostgreSQL repositories for packages that register their own (<c>new AuthRepositories(PgRepository.Factory)</c>).</summary>
    /// <remarks>Each model is mapped with <see cref="PgModel.Create{T}(PgModelOptions?)"/> to the definition's table, with change
    /// notifications when it asks for them (<see cref="PgModel{T}.WithChangeNotifications"/>).</remarks>
    public static IRepositoryFactory Factory { get; } = new PgFactory();

    private sealed class PgFactory : IRepositoryFactory
    {
        public IClusterComponent Create<T>(RepositoryDefinition definition) where T : Entity, IModel<T>, new()
        {
            ArgumentNullException.ThrowIfNull(definition);
            var model = PgModel.Create<T>(new PgModelOptions { Table = definition.Table });
            return PgRepository.Create(definition.NotifyChanges ? model.WithChangeNotifications([.. definition.QuietFields]) : model);
        }
    }

    private sealed class Component<T>(PgModel<T> model) : IClusterComponent where T : Entity, new()
    {
        public string Name => $"PgRepository<{typeof(T).Name}>";

        public void Configure(ComponentContext context)
        {
            model.Model.ThrowIfInvalid();
            context.Provide<IRepository<T>>(
                sp => new PgRepository<T>(sp.GetRequiredService<PostgresClient>(), model, sp.GetRequiredService<TimeProvider>()),
                typeof(PostgresClient),
                typeof(TimeProvider));
        }
    }
}
