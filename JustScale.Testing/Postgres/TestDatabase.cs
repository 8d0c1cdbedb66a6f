using System.Collections.Concurrent;
using Npgsql;

namespace JustScale.Testing;

/// <summary>Owns one freshly created database on the test server; disposing it drops the database.</summary>
/// <remarks>Made by <see cref="TestPostgres.CreateDatabaseAsync"/>, one per fixture, so fixtures run in parallel.</remarks>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _serverConnectionString;
    private readonly ConcurrentBag<NpgsqlDataSource> _dataSources = [];
    private int _disposed;

    internal TestDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Gets the database name (unique per test process and call).</summary>
    public string Name { get; }

    /// <summary>Gets a connection string to this database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates a pooled data source on this database; it is disposed with the database.</summary>
    public NpgsqlDataSource CreateDataSource()
    {
        var dataSource = NpgsqlDataSource.Create(ConnectionString);
        _dataSources.Add(dataSource);
        return dataSource;
    }

    /// <summary>Opens a connection to this database (from the global pool of its connection string).</summary>
    public async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Disposes the data sources made here and drops the database WITH (FORCE), ending any connection left.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        using var connection = new NpgsqlConnection(ConnectionString); // never opened: it only names the pool to clear
        NpgsqlConnection.ClearPool(connection);

        await TestPostgres.ExecuteOnServerAsync(_serverConnectionString, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }
}
