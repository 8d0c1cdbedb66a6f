namespace JustScale.Testing;

/// <summary>Lists the stores a <see cref="TestApp"/> runs on.</summary>
public enum TestStore
{
    /// <summary>The embedded in-memory repositories.</summary>
    InMemory,

    /// <summary>A fresh PostgreSQL database (<see cref="TestPostgres"/>), dropped when the app is disposed.</summary>
    Postgres,
}
