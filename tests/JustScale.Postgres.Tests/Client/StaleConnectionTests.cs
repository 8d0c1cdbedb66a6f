using System.Net.Sockets;
using Npgsql;

namespace JustScale.Postgres.Tests.Client;

/// <summary>Which failures a repository retries once on a fresh connection (a pooled connection the server closed) and which it reports at once.</summary>
[TestFixture]
public sealed class StaleConnectionTests
{
    [Test]
    public void IsStaleConnection_AdminShutdown_RetriedForReadsAndWrites()
    {
        var shutdown = new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown);

        Assert.That(PgErrors.IsStaleConnection(shutdown, readOnly: true), Is.True);
        Assert.That(PgErrors.IsStaleConnection(shutdown, readOnly: false), Is.True);
    }

    [Test]
    public void IsStaleConnection_BrokenConnection_RetriedForReadsOnly()
    {
        var broken = new NpgsqlException("Exception while reading from stream", new EndOfStreamException());

        Assert.That(PgErrors.IsStaleConnection(broken, readOnly: true), Is.True);
        Assert.That(PgErrors.IsStaleConnection(broken, readOnly: false), Is.False);
        Assert.That(PgErrors.IsStaleConnection(new SocketException((int)SocketError.ConnectionReset), readOnly: true), Is.True);
    }

    [Test]
    public void IsStaleConnection_Timeout_NeverRetried()
    {
        // A server that stopped answering (frozen, partitioned) times out; a retry would only add another connect timeout.
        var commandTimeout = new NpgsqlException("Exception while reading from stream", new TimeoutException("Timeout during reading attempt"));
        var connectTimeout = new NpgsqlException("The operation has timed out", new TimeoutException("The operation has timed out."));

        Assert.That(PgErrors.IsStaleConnection(commandTimeout, readOnly: true), Is.False);
        Assert.That(PgErrors.IsStaleConnection(connectTimeout, readOnly: true), Is.False);
    }
}
