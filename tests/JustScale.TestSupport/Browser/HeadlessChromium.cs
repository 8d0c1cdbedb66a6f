using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using NUnit.Framework;

namespace JustScale.Testing;

/// <summary>Runs Debian's Chromium headless with a throwaway profile and evaluates scripts in real pages over the DevTools Protocol.</summary>
/// <remarks>
/// Nothing is downloaded: the browser is the system's <c>chromium</c> (<see cref="ExecutablePath"/>). Each
/// <see cref="EvaluateAsync"/> opens a tab, navigates it, awaits the expression's promise and closes the tab; the tabs of
/// one instance share a cookie jar. Disposing kills the process tree and deletes the profile.
/// </remarks>
public sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Where Debian's chromium package puts the browser.</summary>
    public const string DefaultPath = "/usr/bin/chromium";

    /// <summary>Gets the message of a test that needs the browser when it is missing.</summary>
    public static string MissingMessage =>
        $"This test needs a real browser and found none at {ExecutablePath}: install Debian's chromium package: apt-get install -y chromium";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly DirectoryInfo _profile;
    private readonly Queue<string> _output = new();
    private DevToolsConnection? _devTools;

    private HeadlessChromium(Process process, DirectoryInfo profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Gets the browser to run: <c>CHROMIUM_PATH</c> when set, else <see cref="DefaultPath"/>.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : DefaultPath;

    /// <summary>Gets how long the browser took from process start to an open DevTools connection.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>Fails the test under CI (<c>CI</c> set) and ignores it elsewhere when the browser is missing.</summary>
    public static void RequireInstalled()
    {
        if (File.Exists(ExecutablePath))
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
        {
            throw new InvalidOperationException(MissingMessage);
        }

        Assert.Ignore(MissingMessage);
    }

    /// <summary>Starts the browser on a fresh profile and connects to its DevTools endpoint.</summary>
    public static async Task<HeadlessChromium> StartAsync(CancellationToken cancellationToken = default)
    {
        RequireInstalled();
        var started = Stopwatch.StartNew();
        var profile = Directory.CreateTempSubdirectory("justscale-chromium-");
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-proxy-server", "--disable-dev-shm-usage",
            "--user-data-dir=" + profile.FullName, "--remote-debugging-port=0", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var browser = new HeadlessChromium(new Process { StartInfo = start }, profile);
        try
        {
            browser._process.OutputDataReceived += (_, e) => browser.Collect(e.Data);
            browser._process.ErrorDataReceived += (_, e) => browser.Collect(e.Data);
            browser._process.Start();
            browser._process.BeginOutputReadLine();
            browser._process.BeginErrorReadLine();
            var endpoint = await browser.ReadDevToolsEndpointAsync(cancellationToken);
            browser._devTools = await DevToolsConnection.ConnectAsync(endpoint, cancellationToken);
            browser.StartupTime = started.Elapsed;
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens <paramref name="pageUrl"/> in a new tab, evaluates <paramref name="expression"/> there, awaits its promise and returns its JSON value.</summary>
    /// <remarks>An exception thrown by the script (or a rejected promise) becomes an <see cref="InvalidOperationException"/>
    /// carrying the script's error, such as <c>TypeError: Failed to fetch</c>; <c>undefined</c> becomes JSON null.</remarks>
    public Task<JsonElement> EvaluateAsync(Uri pageUrl, string expression, CancellationToken cancellationToken = default) =>
        EvaluateAsync(pageUrl, expression, [], cancellationToken);

    /// <summary>Evaluates as <see cref="EvaluateAsync(Uri, string, CancellationToken)"/> does, after sending DevTools commands to the new tab before it
    /// navigates (such as <c>WebAuthn.enable</c> and <c>WebAuthn.addVirtualAuthenticator</c>, which live as long as the tab).</summary>
    public async Task<JsonElement> EvaluateAsync(Uri pageUrl, string expression, IReadOnlyList<(string Method, object? Parameters)> setup, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(pageUrl);
        ArgumentNullException.ThrowIfNull(expression);
        var devTools = _devTools ?? throw new ObjectDisposedException(nameof(HeadlessChromium));
        var target = (await devTools.SendAsync("Target.createTarget", new { url = "about:blank" }, cancellationToken: cancellationToken))
            .GetProperty("targetId").GetString();
        try
        {
            var session = (await devTools.SendAsync("Target.attachToTarget", new { targetId = target, flatten = true }, cancellationToken: cancellationToken))
                .GetProperty("sessionId").GetString() ?? throw new InvalidOperationException("Target.attachToTarget returned no session id.");
            await devTools.SendAsync("Page.enable", null, session, cancellationToken);
            foreach (var (method, parameters) in setup)
            {
                await devTools.SendAsync(method, parameters, session, cancellationToken);
            }

            var loaded = devTools.NextEventAsync("Page.loadEventFired", session);
            var navigation = await devTools.SendAsync("Page.navigate", new { url = pageUrl.AbsoluteUri }, session, cancellationToken);
            if (navigation.TryGetProperty("errorText", out var error))
            {
                throw new InvalidOperationException($"Chromium could not open {pageUrl}: {error.GetString()}");
            }

            await loaded.WaitAsync(ScriptTimeout, cancellationToken);
            var evaluation = await devTools.SendAsync("Runtime.evaluate", new { expression, awaitPromise = true, returnByValue = true }, session, cancellationToken)
                .WaitAsync(ScriptTimeout, cancellationToken);
            if (evaluation.TryGetProperty("exceptionDetails", out var thrown))
            {
                var description = thrown.TryGetProperty("exception", out var exception) && exception.TryGetProperty("description", out var text)
                    ? text.GetString()
                    : thrown.GetProperty("text").GetString();
                throw new InvalidOperationException($"The script on {pageUrl} threw: {description}");
            }

            return evaluation.GetProperty("result").TryGetProperty("value", out var value) ? value : JsonSerializer.SerializeToElement<object?>(null);
        }
        finally
        {
            try
            {
                await devTools.SendAsync("Target.closeTarget", new { targetId = target }, cancellationToken: CancellationToken.None);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or WebSocketException)
            {
                // The browser went away; the error that matters is the one already in flight (or the next command's).
            }
        }
    }

    /// <summary>Returns every cookie in the browser's jar as DevTools describes them (<c>name</c>, <c>domain</c>, <c>httpOnly</c>, <c>secure</c>, <c>sameSite</c>, ...).</summary>
    /// <remarks>Shows what scripts cannot: httpOnly cookies never appear in <c>document.cookie</c>.</remarks>
    public async Task<JsonElement> GetCookiesAsync(CancellationToken cancellationToken = default)
    {
        var devTools = _devTools ?? throw new ObjectDisposedException(nameof(HeadlessChromium));
        return (await devTools.SendAsync("Storage.getCookies", cancellationToken: cancellationToken)).GetProperty("cookies");
    }

    /// <summary>Closes the DevTools connection, kills the browser's process tree and deletes its profile.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_devTools is not null)
        {
            await _devTools.DisposeAsync();
            _devTools = null;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }

        _process.Dispose();
        for (var attempt = 1; _profile.Exists; attempt++)
        {
            try
            {
                _profile.Delete(recursive: true);
                _profile.Refresh();
            }
            catch (IOException) when (attempt < 5)
            {
                await Task.Delay(100); // a dying renderer may still be writing into the profile
            }
        }
    }

    private async Task<Uri> ReadDevToolsEndpointAsync(CancellationToken cancellationToken)
    {
        // Chromium writes "<port>\n/devtools/browser/<id>" once it listens; port 0 lets it pick a free port.
        var file = Path.Combine(_profile.FullName, "DevToolsActivePort");
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (File.Exists(file) && (await File.ReadAllLinesAsync(file, cancellationToken)) is [var port, var path, ..]
                && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && path.StartsWith('/'))
            {
                return new Uri($"ws://127.0.0.1:{number}{path}");
            }

            if (_process.HasExited || waited.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException(
                    $"Chromium ({ExecutablePath}) did not open its DevTools port within {StartTimeout.TotalSeconds} s" +
                    (_process.HasExited ? $" (it exited with code {_process.ExitCode})" : "") + ". Its output:\n" + Output());
            }

            await Task.Delay(25, cancellationToken); // the file has no change notification worth the complexity; 25 ms polls are cheap
        }
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > 100)
            {
                _output.Dequeue();
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }
}
