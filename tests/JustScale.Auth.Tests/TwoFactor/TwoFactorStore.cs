using JustScale.Auth.Tests.Support;
using JustScale.Core;
using JustScale.Http;
using JustScale.Postgres;

namespace JustScale.Auth.Tests.TwoFactor;

/// <summary>Adds two-factor login and its repositories (in memory, or PostgreSQL tables with the key ring among them) to a test cluster.</summary>
public static class TwoFactorStore
{
    public static void Add(ClusterBuilder builder, StoreKind store, TwoFactorOptions? options = null)
    {
        if (store == StoreKind.Postgres)
        {
            builder
                .Add(PgRepository.Create(PgModel.Create<AuthToken>(new PgModelOptions { Table = "auth_tokens" })))
                .Add(PgRepository.Create(PgModel.Create<TwoFactorSecret>(new PgModelOptions { Table = "two_factor_secrets" })))
                .Add(PgRepository.Create(PgModel.Create<RecoveryCode>(new PgModelOptions { Table = "recovery_codes" })))
                .Add(PgRepository.Create(PgModel.Create<TwoFactorTicket>(new PgModelOptions { Table = "two_factor_tickets" })))
                .Add(PgRepository.Create(PgModel.Create<KeyRingEntry>(new PgModelOptions { Table = "data_protection_keys" })));
        }
        else
        {
            builder
                .Add(InMemoryRepository.For<AuthToken>())
                .Add(InMemoryRepository.For<TwoFactorSecret>())
                .Add(InMemoryRepository.For<RecoveryCode>())
                .Add(InMemoryRepository.For<TwoFactorTicket>())
                .Add(InMemoryRepository.For<KeyRingEntry>());
        }

        var twoFactor = options ?? new TwoFactorOptions();
        twoFactor.KeyEncryptionKey ??= TestKey;
        builder.Add(new AuthEndpointsFeature(account => account.TwoFactor = twoFactor));
    }

    /// <summary>Gets the key-encryption key of the tests' key rings (a fixed 32 bytes: the tests need no secrecy).</summary>
    public static byte[] TestKey { get; } = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    /// <summary>Returns the rate limits with the per-user failure limit of the tests: 3 wrong codes per 15 minutes.</summary>
    public static AuthRateLimitOptions StrictFailures() => new() { TwoFactorFailuresPerUser = new FixedWindowLimit(3, TimeSpan.FromMinutes(15)) };
}
