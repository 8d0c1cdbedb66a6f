namespace JustScale.Postgres;

/// <summary>Configures a <see cref="PgChangeFeed"/>: where it listens and how soon it notices a dead connection.</summary>
public sealed class PgChangeFeedOptions
{
    /// <summary>Gets or sets a connection string for the listening connection; null reads <c>ConnectionStrings:PostgresListen</c> from
    /// configuration, and without it takes a connection from the <see cref="PostgresClient"/>'s pool.</summary>
    /// <remarks>LISTEN needs a session-mode connection: when the client's connection string goes through PgBouncer in
    /// transaction mode, give a direct one (or one through a session-mode pool) here or in
    /// <c>ConnectionStrings__PostgresListen</c>. Without it the feed notices that its own notifications do not come back,
    /// stays not live and logs one warning naming the setting.</remarks>
    public string? ListenConnectionString { get; set; }

    /// <summary>Gets or sets how long the listening connection may stay quiet before the feed checks it with a round trip; 40 ms by default.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(40);

    /// <summary>Gets or sets how long after its last sign of life the connection still counts as live; 100 ms by default.</summary>
    /// <remarks>A connection that dies with an error or a closed socket (a restart, <c>pg_terminate_backend</c>) is noticed at
    /// once; one that goes silent (a network partition with no reset) stops counting as live after this time.</remarks>
    public TimeSpan LivenessTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets or sets how long the feed keeps proving its subscription after a cache last asked whether it is live; 5 s by default.</summary>
    /// <remarks>Then the proofs pause, so an idle process sends and allocates nothing, and the feed does not count as live: the next
    /// cache read goes to the database and wakes the proofs, and caches answer from memory again once a fresh proof came back.
    /// Changes keep arriving meanwhile; a connection that died in silence is found by the first proofs after the pause.</remarks>
    public TimeSpan IdleAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the first wait before reconnecting; it doubles on each failure up to <see cref="MaxReconnectDelay"/>. 100 ms by default.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets or sets the longest wait between reconnection attempts; 5 s by default.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how long the cluster's start waits for the first subscription before going on without it (not live); 5 s by default.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HeartbeatInterval, TimeSpan.Zero, nameof(HeartbeatInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(LivenessTimeout, HeartbeatInterval, nameof(LivenessTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(IdleAfter, TimeSpan.Zero, nameof(IdleAfter));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReconnectDelay, TimeSpan.Zero, nameof(ReconnectDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReconnectDelay, ReconnectDelay, nameof(MaxReconnectDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(StartTimeout, TimeSpan.Zero, nameof(StartTimeout));
    }
}
