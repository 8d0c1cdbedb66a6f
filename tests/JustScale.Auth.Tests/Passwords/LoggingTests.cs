using JustScale.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Passwords;

/// <summary>Checks what PasswordService logs: warnings for overload and malformed hashes, never a password or a hash.</summary>
public sealed class LoggingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30); // an upper limit: what is awaited happens in milliseconds

    [Test]
    public async Task Logs_HashVerifyMalformedAndOverload_NeverContainPasswordOrHash()
    {
        var logger = new CapturingLogger();
        using var spy = new ScryptSpy(gateOpen: false, signalAt: 1);
        var passwords = new PasswordService(
            new PasswordOptions { MaxConcurrentHashes = 1, MaxQueueWait = TimeSpan.Zero }, new FakeTimeProvider(), logger, spy.Derive);
        var running = passwords.HashAsync("s3cret-first");
        await spy.Reached.WaitAsync(Patience);
        Assert.ThrowsAsync<PasswordHasherOverloadedException>(async () => await passwords.HashAsync("s3cret-second"));
        spy.Open();
        var hash = await running;

        Assert.That(await passwords.VerifyAsync("s3cret-first", hash[..100]), Is.False);
        Assert.That(logger.Entries.Select(e => e.Level), Is.EquivalentTo(new[] { LogLevel.Warning, LogLevel.Warning }));
        Assert.That(logger.Entries.Select(e => e.Message), Has.None.Contains("s3cret").And.None.Contains(hash[..16]).And.None.Contains(hash[^16..]));
    }

    [Test]
    public async Task VerifyAsync_MalformedStoredHash_WarnsUnlessEmpty()
    {
        var logger = new CapturingLogger();
        var passwords = new PasswordService(new PasswordOptions(), TimeProvider.System, logger, Scrypt.DeriveKey);

        Assert.That(await passwords.VerifyAsync("password", ""), Is.False);
        Assert.That(logger.Entries, Is.Empty);
        Assert.That(await passwords.VerifyAsync("password", "nocolon"), Is.False);
        Assert.That(logger.Entries.Select(e => e.Message), Is.EqualTo(new[] { "A stored password hash is in no recognised format; verification fails" }));
    }
}
