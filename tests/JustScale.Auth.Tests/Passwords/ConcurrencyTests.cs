using JustScale.Auth;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Passwords;

/// <summary>Covers the bound on concurrent scrypt runs: queueing, overload, cancellation and the bound itself.</summary>
public sealed class ConcurrencyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30); // an upper limit: what is awaited happens in milliseconds

    [Test]
    public async Task HashAsync_SlotsBusyForTheWholeQueueWait_ThrowsOverloaded()
    {
        var time = new FakeTimeProvider();
        using var spy = new ScryptSpy(gateOpen: false, signalAt: 1);
        var passwords = Create(spy, time, maxConcurrent: 1, queueWait: TimeSpan.FromSeconds(2));
        var running = passwords.HashAsync("first");
        await spy.Reached.WaitAsync(Patience);

        var queued = passwords.HashAsync("second");
        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.That(queued.IsCompleted, Is.False);
        time.Advance(TimeSpan.FromMilliseconds(1));

        var exception = Assert.ThrowsAsync<PasswordHasherOverloadedException>(async () => await queued);
        Assert.That(exception.StatusCode, Is.EqualTo(503));
        Assert.That(exception.Code, Is.EqualTo("overloaded"));
        Assert.That(exception.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(1)));
        spy.Open();
        Assert.That(await running, Does.Contain(":"));
        Assert.That(spy.Calls, Is.EqualTo(1));
    }

    [Test]
    public async Task VerifyAsync_SlotsBusyForTheWholeQueueWait_ThrowsOverloaded()
    {
        var time = new FakeTimeProvider();
        using var spy = new ScryptSpy(gateOpen: false, signalAt: 1);
        var passwords = Create(spy, time, maxConcurrent: 1, queueWait: TimeSpan.FromSeconds(2));
        var running = passwords.HashAsync("first");
        await spy.Reached.WaitAsync(Patience);

        var queued = passwords.VerifyAsync("second", new string('a', 64) + ":" + new string('b', 128));
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.ThrowsAsync<PasswordHasherOverloadedException>(async () => await queued);
        spy.Open();
        await running;
    }

    [Test]
    public async Task HashAsync_SlotFreedWithinQueueWait_RunsAfterTheFirst()
    {
        var time = new FakeTimeProvider();
        using var spy = new ScryptSpy(gateOpen: false, signalAt: 1);
        var passwords = Create(spy, time, maxConcurrent: 1, queueWait: TimeSpan.FromSeconds(2));
        var running = passwords.HashAsync("first");
        await spy.Reached.WaitAsync(Patience);

        var queued = passwords.HashAsync("second");
        time.Advance(TimeSpan.FromSeconds(1));
        spy.Open();

        Assert.That(await passwords.VerifyAsync("first", await running), Is.True);
        Assert.That(await passwords.VerifyAsync("second", await queued.WaitAsync(Patience)), Is.True);
        Assert.That(spy.MaxRunning, Is.EqualTo(1));
    }

    [Test]
    public async Task Verify_NoQueueWaitAndSlotsBusy_ThrowsOverloadedAtOnce()
    {
        using var spy = new ScryptSpy(gateOpen: false, signalAt: 1);
        var passwords = Create(spy, new FakeTimeProvider(), maxConcurrent: 1, queueWait: TimeSpan.Zero);
        var running = passwords.HashAsync("first");
        await spy.Reached.WaitAsync(Patience);

        Assert.That(async () => await passwords.HashAsync("second"), Throws.TypeOf<PasswordHasherOverloadedException>());
        Assert.That(async () => await passwords.VerifyAsync("second", new string('a', 64) + ":" + new string('b', 128)), Throws.TypeOf<PasswordHasherOverloadedException>());
        spy.Open();
        await running;
    }

    [Test]
    public async Task HashAsync_CallerCancelsWhileQueued_ThrowsCanceledAndKeepsTheSlotCount()
    {
        var time = new FakeTimeProvider();
        using var spy = new ScryptSpy(gateOpen: false, signalAt: 1);
        var passwords = Create(spy, time, maxConcurrent: 1, queueWait: TimeSpan.FromSeconds(2));
        var running = passwords.HashAsync("first");
        await spy.Reached.WaitAsync(Patience);
        using var cancellation = new CancellationTokenSource();

        var queued = passwords.HashAsync("second", cancellation.Token);
        await cancellation.CancelAsync();

        Assert.That(async () => await queued, Throws.InstanceOf<OperationCanceledException>());
        spy.Open();
        await running;
        Assert.That(await passwords.HashAsync("third").WaitAsync(Patience), Does.Contain(":"));
        Assert.That(spy.Calls, Is.EqualTo(2));
    }

    [Test]
    public async Task HashAsync_ManyCallers_NeverRunMoreThanMaxConcurrentHashes()
    {
        using var spy = new ScryptSpy(gateOpen: false, signalAt: 2);
        var passwords = Create(spy, TimeProvider.System, maxConcurrent: 2, queueWait: TimeSpan.FromSeconds(30));

        var hashes = Enumerable.Range(0, 8).Select(i => passwords.HashAsync($"password {i}")).ToArray();
        await spy.Reached.WaitAsync(Patience);
        Assert.That(spy.Running, Is.EqualTo(2));
        spy.Open();
        await Task.WhenAll(hashes).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(spy.Calls, Is.EqualTo(8));
        Assert.That(spy.MaxRunning, Is.EqualTo(2));
    }

    private static PasswordService Create(ScryptSpy spy, TimeProvider time, int maxConcurrent, TimeSpan queueWait) =>
        new(new PasswordOptions { MaxConcurrentHashes = maxConcurrent, MaxQueueWait = queueWait }, time, NullLogger.Instance, spy.Derive);
}
