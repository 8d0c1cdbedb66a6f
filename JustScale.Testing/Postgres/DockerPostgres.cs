using System.Net;
using System.Net.Sockets;
using System.Text;
using Testcontainers.PostgreSql;

namespace JustScale.Testing;

/// <summary>Starts a PostgreSQL container through Testcontainers when a Docker engine answers quickly.</summary>
internal static class DockerPostgres
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Tells whether a Docker engine answers <c>/_ping</c> on DOCKER_HOST or the default socket.</summary>
    public static async Task<bool> IsAvailableAsync()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var socket = string.IsNullOrEmpty(host) ? "/var/run/docker.sock" : host.StartsWith("unix://", StringComparison.Ordinal) ? host["unix://".Length..] : null;
        if (socket is not null)
        {
            return File.Exists(socket) && await PingAsync(new UnixDomainSocketEndPoint(socket), "localhost");
        }

        return host!.StartsWith("tcp://", StringComparison.Ordinal) && Uri.TryCreate(host, UriKind.Absolute, out var uri)
            && await PingAsync(new DnsEndPoint(uri.Host, uri.Port), uri.Host);
    }

    /// <summary>Starts a container and returns its connection string and a way to remove it.</summary>
    public static async Task<(string ConnectionString, Func<ValueTask> Stop)> StartAsync()
    {
        var container = new PostgreSqlBuilder("postgres:16-alpine")
            .WithCommand("-c", "max_connections=200", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
            .Build();
        await container.StartAsync();
        return (container.GetConnectionString(), () => container.DisposeAsync());
    }

    private static async Task<bool> PingAsync(EndPoint endpoint, string hostHeader)
    {
        using var cts = new CancellationTokenSource(ProbeTimeout);
        try
        {
            using var socket = endpoint is UnixDomainSocketEndPoint
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(endpoint, cts.Token);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /_ping HTTP/1.1\r\nHost: {hostHeader}\r\nConnection: close\r\n\r\n"), cts.Token);
            var buffer = new byte[64];
            var read = await socket.ReceiveAsync(buffer, cts.Token);
            var status = Encoding.ASCII.GetString(buffer, 0, read);
            return status.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) || status.StartsWith("HTTP/1.0 200", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException)
        {
            return false;
        }
    }
}
