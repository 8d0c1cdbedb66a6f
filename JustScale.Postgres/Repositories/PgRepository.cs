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
