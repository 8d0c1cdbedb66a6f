using JustScale.Auth;
using JustScale.Core;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace JustScale.Auth.Tests.Endpoints.Account;

// What the store holds: the secret encrypted, recovery codes and tickets as digests; on PostgreSQL the keys in the database.
public sealed partial class TwoFactorFlowTests
{
    [Test]
    public async Task Store_EnabledUser_SecretEncryptedRecoveryCodesHashed()
    {
        var email = NewEmail();
        var session = await _client.RegisterAsync(email);
        var secret = (await _client.PostAsync("/account/2fa/setup", token: session)).Body.GetProperty("secret").GetString()!;
        var recovery = (await _client.PostAsync("/account/2fa/enable", new { code = TotpCodes.At(secret, Now), password = Password }, session)).Body
            .GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToArray();
        var hexSecret = Convert.ToHexString(TotpCodes.FromBase32(secret));

        var userId = Guid.Parse((await _client.GetAsync("/account/me", session)).Body.GetProperty("id").GetString()!);
        var stored = await _app.Resolve<IRepository<TwoFactorSecret>>().FindManyAsync(Filter<TwoFactorSecret>.All);
        var row = stored.Single(s => s.User.Id == userId);

        Assert.That(row.EnabledAt, Is.Not.Null);
        Assert.That(row.ProtectedSecret, Does.Not.Contain(secret).IgnoreCase.And.Not.Contain(hexSecret).IgnoreCase);
        if (store == "Postgres")
        {
            var dump = await DumpAsync("two_factor_secrets", "recovery_codes", "data_protection_keys");
            Assert.That(dump, Does.Not.Contain(secret).IgnoreCase.And.Not.Contain(hexSecret).IgnoreCase);
            Assert.That(recovery.Select(c => c.Replace("-", "", StringComparison.Ordinal)), Has.None.Matches<string>(c => dump.Contains(c, StringComparison.OrdinalIgnoreCase)));
            Assert.That(dump, Does.Contain("<key "), "the Data Protection key ring lives in PostgreSQL");
        }
    }

    /// <summary>Returns every column of every row of the tables, as text.</summary>
    private async Task<string> DumpAsync(params string[] tables)
    {
        var connectionString = _app.Resolve<IConfiguration>()["ConnectionStrings:Postgres"]!;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var text = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand($"SELECT t::text FROM {table} t", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.AppendLine(reader.GetString(0));
            }
        }

        return text.ToString();
    }
}
