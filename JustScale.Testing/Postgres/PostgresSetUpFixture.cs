using NUnit.Framework;

namespace JustScale.Testing;

/// <summary>
/// Stops the test PostgreSQL servers (<see cref="TestPostgres"/> and any <see cref="PostgresServer"/>) once every
/// fixture of the assembly has run; each test assembly derives one sealed [SetUpFixture] from it.
/// </summary>
public abstract class PostgresSetUpFixture
{
    /// <summary>Stops whatever <see cref="TestPostgres"/> started.</summary>
    /// <returns>A task that completes when the servers are stopped.</returns>
    [OneTimeTearDown]
    public Task StopServer() => TestPostgres.ShutdownAsync();
}
