using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace JustScale.Auth.Mail.Tests;

/// <summary>Runs a real SMTP server, Python's stdlib <c>smtpd</c> DebuggingServer, on a free loopback port, and reads back what it received.</summary>
/// <remarks>
/// The DebuggingServer accepts every message and prints it to standard output, one Python bytes literal per line
/// (<c>b'Subject: Hi'</c>); <see cref="NextMessageAsync"/> turns those lines back into the message's bytes and parses
/// them. <c>smtpd</c> ships with Python up to 3.11 (Debian 12's python3, and this machine's). Without it the tests fail
/// under CI (<c>CI</c> set) and are ignored elsewhere.
/// </remarks>
internal sealed class PythonSmtpSink : IAsyncDisposable
{
    private const string MissingMessage =
        "The SMTP tests need python3 with the stdlib smtpd module (Python 3.11 or older; Debian 12: apt-get install -y python3).";

    // Generous: python3 starting smtpd on a 2-core machine under a full CI run has taken more than 15 s (load 30-40).
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly SemaphoreSlim _changed = new(0);

    private PythonSmtpSink(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>Gets the loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Gets everything the server printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    // The DebuggingServer with a channel that offers AUTH PLAIN/LOGIN in its EHLO answer and refuses every login with
    // 535, as a server does when the credentials are wrong.
    private const string RefusingAuthServer = """
        import asyncore, smtpd, sys
        class Channel(smtpd.SMTPChannel):
            def smtp_EHLO(self, arg):
                self.seen_greeting = arg
                self.extended_smtp = True
                self.push('250-%s' % self.fqdn)
                self.push('250-AUTH PLAIN LOGIN')
                self.push('250 HELP')
            def smtp_AUTH(self, arg):
                self.push('535 5.7.8 Authentication credentials invalid')
        class Server(smtpd.DebuggingServer):
            channel_class = Channel
        Server(('127.0.0.1', int(sys.argv[1])), None)
        asyncore.loop()
        """;

    /// <summary>Starts the server on a free port and waits until it accepts connections.</summary>
    /// <param name="refuseLogins">Offers AUTH and answers every login with 535, as for wrong credentials.</param>
    public static async Task<PythonSmtpSink> StartAsync(bool refuseLogins = false)
    {
        RequireSmtpd();
        var port = FreePort();
        string[] arguments = refuseLogins
            ? ["-u", "-W", "ignore::DeprecationWarning", "-c", RefusingAuthServer, port.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            : ["-u", "-W", "ignore::DeprecationWarning", "-m", "smtpd", "-n", "-c", "DebuggingServer", $"127.0.0.1:{port}"];
        var start = new ProcessStartInfo("python3", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var sink = new PythonSmtpSink(Process.Start(start) ?? throw new InvalidOperationException("python3 did not start"), port);
        sink._process.OutputDataReceived += (_, line) => sink.Append(line.Data);
        sink._process.ErrorDataReceived += (_, line) => sink.Append(line.Data);
        sink._process.BeginOutputReadLine();
        sink._process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return sink;
            }
            catch (SocketException) when (deadline.Elapsed < StartTimeout && !sink._process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException exception)
            {
                await sink.DisposeAsync();
                throw new InvalidOperationException($"The smtpd sink did not listen on port {port}:\n{sink.Output}", exception);
            }
        }
    }

    /// <summary>Returns a loopback port that nothing listens on (just released by the operating system).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits for the first message the server prints and parses it with MimeKit.</summary>
    public async Task<(MimeMessage Message, string Raw)> NextMessageAsync(TimeSpan patience)
    {
        var deadline = Stopwatch.StartNew();
        while (!Output.Contains("------------ END MESSAGE ------------", StringComparison.Ordinal))
        {
            if (deadline.Elapsed > patience || !await _changed.WaitAsync(patience - deadline.Elapsed))
            {
                throw new TimeoutException($"The smtpd sink printed no message within {patience}:\n{Output}");
            }
        }

        var lines = Output.Split('\n');
        var start = Array.IndexOf(lines, "---------- MESSAGE FOLLOWS ----------") + 1;
        var end = Array.IndexOf(lines, "------------ END MESSAGE ------------", start);
        var raw = new MemoryStream();
        foreach (var line in lines[start..end].Where(line => line.StartsWith("b'", StringComparison.Ordinal) || line.StartsWith("b\"", StringComparison.Ordinal)))
        {
            raw.Write(PythonBytesLiteral(line));
            raw.Write("\r\n"u8);
        }

        var text = Encoding.UTF8.GetString(raw.ToArray());
        raw.Position = 0;
        return (await MimeMessage.LoadAsync(raw), text);
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static void RequireSmtpd()
    {
        try
        {
            using var check = Process.Start(new ProcessStartInfo("python3", ["-W", "ignore", "-c", "import smtpd"]) { RedirectStandardError = true, UseShellExecute = false });
            if (check is not null && check.WaitForExit(TimeSpan.FromSeconds(30)) && check.ExitCode == 0)
            {
                return;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // python3 is not installed: reported below.
        }

        if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
        {
            throw new InvalidOperationException(MissingMessage);
        }

        Assert.Ignore(MissingMessage);
    }

    // Decodes Python's repr of a bytes object: b'...' or b"...", with \\ \' \" \t \n \r and \xhh escapes.
    private static byte[] PythonBytesLiteral(string literal)
    {
        var body = literal.AsSpan(2, literal.Length - 3);
        var bytes = new List<byte>(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '\\')
            {
                bytes.Add((byte)body[i]);
                continue;
            }

            var escape = body[++i];
            switch (escape)
            {
                case 'x':
                    bytes.Add(Convert.ToByte(body.Slice(i + 1, 2).ToString(), 16));
                    i += 2;
                    break;
                case 't':
                    bytes.Add((byte)'\t');
                    break;
                case 'n':
                    bytes.Add((byte)'\n');
                    break;
                case 'r':
                    bytes.Add((byte)'\r');
                    break;
                default:
                    bytes.Add((byte)escape);
                    break;
            }
        }

        return [.. bytes];
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Append(line).Append('\n');
        }

        _changed.Release();
    }
}
