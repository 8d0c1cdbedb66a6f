using System.Diagnostics;
using System.Net;
using JustScale.Testing;

namespace JustScale.Reliability.Tests;

/// <summary>The complete example as a process on PostgreSQL, busy for a moment and then left alone: while nothing happens it
/// throws nothing, allocates next to nothing and its resident memory stays flat (issue 31, item 6).</summary>
/// <remarks>
/// Quick: 5 s of requests, 12 s to settle, 25 s watched. Full (JUSTSCALE_RELIABILITY=full): a minute of requests, a minute to
/// settle, an hour watched. Settling covers the change feed's rest (its proofs stop 5 s after the last cached read), the
/// idle trimmer's one collection (three quiet 2 s checks after the busy period) and then waits until the JIT has compiled
/// nothing for 3 s (tiering up after the load; under CPU load it ran into the watch and mapped 5 MiB of code there). The runtime's own events are read over
/// EventPipe (<see cref="RuntimeEvents"/>): every exception thrown, and an allocation tick per about 100 KB allocated.
/// Before: an exception per 40 ms heartbeat, then about 90 KB/s allocated by the proofs, RSS up 2.4 MiB every 30 s.
/// </remarks>
[TestFixture]
public sealed class IdleSoakTests
{
    private static readonly TimeSpan Load = Mode.Pick(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1));
    private static readonly TimeSpan Settle = Mode.Pick(TimeSpan.FromSeconds(12), TimeSpan.FromMinutes(1));
    private static readonly TimeSpan Watched = Mode.Pick(TimeSpan.FromSeconds(25), TimeSpan.FromHours(1));
    private static readonly TimeSpan JitQuiet = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Sample = Mode.Pick(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

    /// <summary>The allocation allowed while idle: 2 KB/s, plus one allocation tick's worth (a tick reports about 100 KB at once).</summary>
    private const long IdleBytesPerSecond = 2 * 1024;

    private const long TickBytes = 110 * 1024;

    /// <summary>How far the resident set may rise above where it stood once settled.</summary>
    private static readonly long RssGrowth = Mode.Pick(6L, 10L) * 1024 * 1024;

    [Test]
    public async Task Example_IdleAfterLoad_NoExceptionNoSteadyAllocationRssFlat()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync("reliability_idle");
        await using var example = await ExampleProcess.StartAsync(database.ConnectionString);
        int served;
        using (var client = new ApiClient(example.Url, TimeSpan.FromSeconds(30)))
        {
            var token = await client.RegisterAsync($"idle-{Guid.NewGuid():N}@example.com");
            (served, var failures) = await LoadAsync(client, token);
            Assert.That(failures, Is.Empty, "the load itself");
        } // its connections close before the watch

        IReadOnlyList<string> exceptions;
        long allocated;
        int collections;
        IReadOnlyList<string> sampled;
        int jitted;
        long settled;
        var highest = 0L;
        var watch = new Stopwatch();
        await using (var events = RuntimeEvents.Start(example.Id))
        {
            // Enabling the runtime's events makes the process build its event source's manifest (about 500 KB, once): counted before the watch.
            await Task.Delay(Settle); // a span of time is what is measured here: nothing happens by design
            var settling = Stopwatch.StartNew();
            while (events.SinceLastJit < JitQuiet && settling.Elapsed < TimeSpan.FromMinutes(1))
            {
                await Task.Delay(200); // tiering up after the load compiles in the background, late on a loaded machine, and maps code
            }

            var (thrownBefore, allocatedBefore, collectionsBefore, ticksBefore, jittedBefore) =
                (events.Exceptions.Count, events.AllocatedBytes, events.Collections, events.TickTypes.Count, events.Jitted);
            highest = settled = example.ReadMemory("VmRSS");
            watch.Start();
            while (watch.Elapsed < Watched)
            {
                await Task.Delay(Sample);
                highest = Math.Max(highest, example.ReadMemory("VmRSS"));
            }

            exceptions = [.. events.Exceptions.Skip(thrownBefore)];
            allocated = events.AllocatedBytes - allocatedBefore;
            collections = events.Collections - collectionsBefore;
            sampled = [.. events.TickTypes.Skip(ticksBefore)];
            jitted = events.Jitted - jittedBefore;
        }

        var seconds = watch.Elapsed.TotalSeconds;
        var last = example.ReadMemory("VmRSS");
        Figures.Report($"{served} requests in {Load.TotalSeconds:0} s, then idle {seconds:0} s (after {Settle.TotalSeconds:0} s and {JitQuiet.TotalSeconds:0} s without compiling): {exceptions.Count} exceptions, allocation ticks {allocated / 1024} KB ({allocated / 1024.0 / seconds:0.0} KB/s at most one tick off), {collections} collections, {jitted} methods compiled; ticks on {string.Join(", ", sampled)}; RSS {Figures.MiB(settled)} settled, highest {Figures.MiB(highest)}, last {Figures.MiB(last)}");

        Assert.That(exceptions, Is.Empty);
        Assert.That(allocated, Is.LessThanOrEqualTo((long)(IdleBytesPerSecond * seconds) + TickBytes), "steady allocation while idle");
        Assert.That(highest - settled, Is.LessThanOrEqualTo(RssGrowth), "RSS grew while idle");
        Assert.That(example.IsAlive, Is.True);
    }

    /// <summary>Eight clients alternate the cached GET /profile (Bearer) and the anonymous GET /feed for <see cref="Load"/>.</summary>
    private static async Task<(int Served, List<string> Failures)> LoadAsync(ApiClient client, string token)
    {
        var served = 0;
        var failures = new List<string>();
        var until = Stopwatch.GetTimestamp() + (long)(Load.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async worker =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                var answer = worker % 2 == 0 ? await client.GetAsync("/profile", token) : await client.GetAsync("/feed");
                if (answer.Status != HttpStatusCode.OK)
                {
                    lock (failures)
                    {
                        failures.Add($"{answer.Code} {answer.Text}");
                    }
                }

                Interlocked.Increment(ref served);
            }
        }));
        return (served, failures);
    }
}
