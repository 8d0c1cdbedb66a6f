namespace JustScale.Auth.Tests.Support;

/// <summary>Lists the stores the auth services are tested on.</summary>
public enum StoreKind
{
    InMemory,
    Postgres,
}
