using System.Diagnostics;
using System.Text.Json;

namespace JustScale.Examples.Tests.Tokens;

/// <summary>Runs tests/node-jose/verify.mjs: node's jose verifies a token against a JWKS URL, as another service would.</summary>
internal static class NodeJose
{
    private static readonly string Folder = Path.Combine(FindRoot(), "tests", "node-jose");

    /// <summary>Gets whether node and the installed jose package are there (.ci/run installs them).</summary>
    public static bool IsInstalled => File.Exists(Path.Combine(Folder, "node_modules", "jose", "package.json")) && FindNode() is not null;

    /// <summary>Verifies the token and returns the script's JSON answer.</summary>
    public static async Task<JsonElement> VerifyAsync(Uri jwks, string token, string issuer, string audience)
    {
        var start = new ProcessStartInfo(FindNode()!) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "verify.mjs", jwks.ToString(), token, issuer, audience })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        var text = (await output).Trim();
        Assert.That(text, Is.Not.Empty, "verify.mjs printed nothing; stderr: " + await error);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string? FindNode() =>
        new[] { "/usr/bin/node", "/usr/local/bin/node", "/usr/bin/nodejs" }.FirstOrDefault(File.Exists);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "JustScale.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("JustScale.sln not found above " + AppContext.BaseDirectory);
    }
}
