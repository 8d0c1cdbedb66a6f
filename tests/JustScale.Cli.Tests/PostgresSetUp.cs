using JustScale.Testing;

/// <summary>Stops the test PostgreSQL servers after every test of this assembly ran (NUnit needs one per assembly).</summary>
[SetUpFixture]
public sealed class PostgresSetUp : PostgresSetUpFixture;
