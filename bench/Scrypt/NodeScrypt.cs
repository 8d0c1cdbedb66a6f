using System.Diagnostics;
using System.Globalization;

namespace Scrypt;

/// <summary>Times Node's crypto.scrypt (OpenSSL), the way the TypeScript original calls it, in a child node process.</summary>
internal static class NodeScrypt
{
    // Two warm-up hashes (the second lets glibc settle on reusing the 16 MiB block), then `count` sequential awaited hashes with fresh 32-byte salts; prints the mean in ms.
    private const string Script = """
        const crypto = require('crypto');
        const count = Number(process.argv[1]);
        const hash = () => new Promise((resolve, reject) => crypto.scrypt(
          'correct horse battery staple', crypto.randomBytes(32), 64, { N: 16384, r: 8, p: 1 },
          (error, key) => error ? reject(error) : resolve(key)));
        (async () => {
          await hash();
          await hash();
          const start = process.hrtime.bigint();
          for (let i = 0; i < count; i++) await hash();
          console.log(Number(process.hrtime.bigint() - start) / 1e6 / count);
        })();
        """;

    /// <summary>Returns the version string of the node on the PATH.</summary>
    public static async Task<string> VersionAsync() => (await RunAsync(["--version"])).Trim();

    /// <summary>Returns Node's mean time per hash over a batch, in milliseconds.</summary>
    public static async Task<double> MeasureAsync(int count)
    {
        var output = await RunAsync(["-e", Script, count.ToString(CultureInfo.InvariantCulture)]);
        return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    private static async Task<string> RunAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node exited with {process.ExitCode}: {await error}");
        }

        return await output;
    }
}
