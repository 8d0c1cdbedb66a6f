namespace JustScale.Realtime;

/// <summary>Configures a realtime route: heartbeats, the send buffer and the per-user connection limit.</summary>
public sealed class RealtimeOptions
{
    /// <summary>Gets or sets how often an idle connection is pinged (an SSE comment, a WebSocket keep-alive); 15 seconds by default.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets or sets how many messages may wait for a slow client; one more closes the connection (the client reconnects and catches up). 256 by default.</summary>
    public int SendBufferSize { get; set; } = 256;

    /// <summary>Gets or sets how many connections one user may hold open on this route and instance; one more is answered 429. 10 by default.</summary>
    public int MaxConnectionsPerUser { get; set; } = 10;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(HeartbeatInterval, TimeSpan.FromMilliseconds(10), nameof(HeartbeatInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(SendBufferSize, 1, nameof(SendBufferSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnectionsPerUser, 1, nameof(MaxConnectionsPerUser));
    }
}
