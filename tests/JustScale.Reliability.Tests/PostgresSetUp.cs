using JustScale.Testing;

/// <summary>Stops the test PostgreSQL servers after every test of this assembly ran.</summary>
[SetUpFixture]
public sealed class PostgresSetUp
{
    /// <summary>Stops whatever <see cref="TestPostgres"/> and <see cref="PostgresServer"/> started.</summary>
    [OneTimeTearDown]
    public Task StopServer() => TestPostgres.ShutdownAsync();
}
