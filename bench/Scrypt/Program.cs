// Measures ms per scrypt hash at N=16384, r=8, p=1 (64-byte key, 32-byte salt) for PasswordService (libsodium),
// Node's crypto.scrypt (OpenSSL) and BouncyCastle's managed SCrypt, in alternating rounds, one hash at a time.
// Usage: dotnet run -c Release --project bench/Scrypt [-- --quick]
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using JustScale.Auth;
using Scrypt;

const double Goal = 0.8;
var quick = args.Contains("--quick");
var rounds = quick ? 2 : 10;
var batch = quick ? 3 : 20;
var password = "correct horse battery staple"u8.ToArray();

var passwords = new PasswordService(new PasswordOptions());
var sodium = new Contender("PasswordService (libsodium)", async count =>
{
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        await passwords.HashAsync("correct horse battery staple");
    }

    return clock.Elapsed.TotalMilliseconds / count;
});
var node = new Contender("Node crypto.scrypt (OpenSSL)", NodeScrypt.MeasureAsync);
var bouncy = new Contender("BouncyCastle SCrypt (managed)", count =>
{
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        Org.BouncyCastle.Crypto.Generators.SCrypt.Generate(password, RandomNumberGenerator.GetBytes(32), 16384, 8, 1, 64);
    }

    return Task.FromResult(clock.Elapsed.TotalMilliseconds / count);
});
Contender[] contenders = [sodium, node, bouncy];

Console.WriteLine($"scrypt N=16384 r=8 p=1, 64-byte key; {rounds} alternating rounds of {batch} sequential hashes each");
Console.WriteLine($"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, "
    + $".NET {Environment.Version}, node {await NodeScrypt.VersionAsync()}, {DateTime.UtcNow:yyyy-MM-dd}");

// Warm up: JIT, libsodium's sodium_init, BouncyCastle's first run (node warms up inside each batch).
await sodium.MeasureBatch(2);
await bouncy.MeasureBatch(1);

for (var round = 1; round <= rounds; round++)
{
    // Rotate the order each round so that no contender always runs first (or right after another).
    var order = Enumerable.Range(0, contenders.Length).Select(i => contenders[(i + round) % contenders.Length]);
    var line = new List<string>();
    foreach (var contender in order)
    {
        var mean = await contender.MeasureBatch(batch);
        contender.Means.Add(mean);
        line.Add($"{contender.Name.Split(' ')[0]} {mean:F1}");
    }

    Console.WriteLine($"round {round,2}: {string.Join(", ", line)} ms");
}

Console.WriteLine();
foreach (var contender in contenders)
{
    Console.WriteLine($"{contender.Name,-32} {contender.Mean,6:F1} ms/hash (sd {contender.StandardDeviation:F1} over rounds)");
}

var ratio = sodium.Mean / node.Mean;
// Rounds pair measurements taken seconds apart, so this median shrugs off drift of a shared host between rounds.
var pairedRatios = sodium.Means.Zip(node.Means, (s, n) => s / n).Order().ToArray();
var pairedMedian = (pairedRatios[(pairedRatios.Length - 1) / 2] + pairedRatios[pairedRatios.Length / 2]) / 2;
Console.WriteLine($"PasswordService / Node: {ratio:F2} (goal <= {Goal:F1}: {(ratio <= Goal ? "met" : "NOT met")}); "
    + $"median of per-round ratios {pairedMedian:F2}, range {pairedRatios[0]:F2}-{pairedRatios[^1]:F2}");
Console.WriteLine($"BouncyCastle / Node:    {bouncy.Mean / node.Mean:F2}");
return 0;
