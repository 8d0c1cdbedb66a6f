using JustScale.Testing;

/// <summary>Stops the test PostgreSQL server after every test of this assembly ran.</summary>
[SetUpFixture]
public sealed class PostgresSetUp
{
    /// <summary>Stops whatever <see cref="TestPostgres"/> started.</summary>
    [OneTimeTearDown]
    public Task StopServer() => TestPostgres.ShutdownAsync();
}
