using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace JustScale.Postgres;

/// <summary>Turns keys into HMAC-SHA256 digests under the configured secret, or under one generated once per database.</summary>
public sealed partial class PgRateLimitStore
{
    private readonly string _secretTable;
    private readonly Lock _secretLock = new();
    private byte[]? _secret;
    private Task<byte[]>? _secretLoad;

    /// <summary>Returns the key's HMAC-SHA256 under the store's secret, loading the secret first when it is not known yet.</summary>
    private async ValueTask<byte[]> DigestAsync(string key, CancellationToken cancellationToken)
    {
        var secret = Volatile.Read(ref _secret) ?? await LoadSecretAsync(cancellationToken).ConfigureAwait(false);
        return HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(key));
    }

    /// <summary>Reads the database's secret, generating and inserting it first if it is absent; concurrent callers share one load.</summary>
    private async Task<byte[]> LoadSecretAsync(CancellationToken cancellationToken)
    {
        Task<byte[]> load;
        lock (_secretLock)
        {
            if (_secretLoad is null || _secretLoad.IsFaulted || _secretLoad.IsCanceled)
            {
                _secretLoad = ReadOrCreateSecretAsync();
            }

            load = _secretLoad;
        }

        var secret = await load.WaitAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _secret, secret);
        return secret;
    }

    /// <summary>Inserts a random secret unless one is stored, then reads the stored one: every instance on the database ends up with the first one inserted.</summary>
    private Task<byte[]> ReadOrCreateSecretAsync() => TranslatedAsync(async client =>
    {
        // Two statements, not one: under READ COMMITTED the SELECT takes a fresh snapshot, so it sees a secret
        // another instance inserted while this INSERT waited on the conflict.
        var batch = client.Pool.CreateBatch();
        await using var batchScope = batch.ConfigureAwait(false);
        var insert = new NpgsqlBatchCommand($"INSERT INTO {_secretTable} (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING");
        insert.Parameters.Add(new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = RandomNumberGenerator.GetBytes(PgRateLimitStoreOptions.MinimumSecretLength) });
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT secret FROM {_secretTable} WHERE id = 1"));
        var reader = await batch.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false)
            ? reader.GetFieldValue<byte[]>(0)
            : throw new InvalidOperationException($"The rate limit secret table {_secretTable} holds no secret after inserting one.");
    });
}
