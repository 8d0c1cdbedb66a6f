using JustScale.Testing;

namespace JustScale.Webhooks.Tests;

/// <summary>Stops the test PostgreSQL server this assembly started, once every fixture has run.</summary>
[SetUpFixture]
public sealed class PostgresSetUp : PostgresSetUpFixture;
