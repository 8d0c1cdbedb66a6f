using JustScale.Auth;

namespace JustScale.Auth.Tests.Passwords;

/// <summary>Wraps the real scrypt to count calls and concurrent runs, optionally holding each run at a gate.</summary>
internal sealed class ScryptSpy : IDisposable
{
    private readonly ManualResetEventSlim _gate;
    private readonly int _signalAt;
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;
    private int _running;
    private int _maxRunning;

    /// <summary>Creates a spy; a closed gate holds every run until <see cref="Open"/>.</summary>
    public ScryptSpy(bool gateOpen = true, int signalAt = int.MaxValue)
    {
        _gate = new ManualResetEventSlim(gateOpen);
        _signalAt = signalAt;
    }

    public int Calls => Volatile.Read(ref _calls);

    public int Running => Volatile.Read(ref _running);

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    /// <summary>Completes once <c>signalAt</c> runs are inside scrypt at the same time.</summary>
    public Task Reached => _reached.Task;

    public void Open() => _gate.Set();

    public void Derive(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, ScryptParameters parameters, Span<byte> key)
    {
        Interlocked.Increment(ref _calls);
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, running);
        if (running >= _signalAt)
        {
            _reached.TrySetResult();
        }

        try
        {
            _gate.Wait(TimeSpan.FromSeconds(30));
            Scrypt.DeriveKey(password, salt, parameters, key);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public void Dispose() => _gate.Dispose();

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
