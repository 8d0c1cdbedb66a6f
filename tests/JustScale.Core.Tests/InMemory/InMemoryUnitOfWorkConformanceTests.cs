using JustScale.Core;
using JustScale.Testing;

namespace JustScale.Core.Tests.InMemory;

/// <summary>Runs the unit-of-work conformance suite on the embedded in-memory store.</summary>
[TestFixture]
public sealed class InMemoryUnitOfWorkConformanceTests : UnitOfWorkConformanceTests
{
    protected override async Task<(ConformanceStore Store, IUnitOfWork UnitOfWork)> CreateStoreAsync(TimeProvider time)
    {
        var cluster = new ClusterBuilder()
            .Provide(time)
            .Add(InMemoryRepository.For<Account>())
            .Add(InMemoryRepository.For<Ticket>())
            .Add(InMemoryRepository.For<Item>())
            .Build();
        await cluster.CompileAsync();
        return (new ConformanceStore(cluster.Resolve<IRepository<Account>>(), cluster.Resolve<IRepository<Ticket>>(), cluster.Resolve<IRepository<Item>>()), cluster.Resolve<IUnitOfWork>());
    }
}
