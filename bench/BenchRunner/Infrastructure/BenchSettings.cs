namespace BenchRunner;

/// <summary>Holds how long and how large each figure's measurement is: a few seconds each in quick mode, longer in full mode.</summary>
internal sealed record BenchSettings
{
    /// <summary>Gets whether this is the quick mode (CI: the suite must run, its ratios are only indicative).</summary>
    public required bool Quick { get; init; }

    /// <summary>Gets the figures to run (1 to 8).</summary>
    public required IReadOnlySet<int> Figures { get; init; }

    /// <summary>Gets the length of one wrk run in the side-by-side rounds (short, so that the two runs of a pair see nearly the same load).</summary>
    public int RoundSeconds => 2;

    /// <summary>Gets how many alternating rounds the side-by-side figures run.</summary>
    public int Rounds => Quick ? 2 : 30;

    /// <summary>Gets the length of the warm-up run of each server (JIT, tiered compilation, pools).</summary>
    public int WarmUpSeconds => Quick ? 2 : 5;

    /// <summary>Gets the length of one login run per concurrency level.</summary>
    public int LoginSeconds => Quick ? 3 : 15;

    /// <summary>Gets the number of users seeded in each database (logins rotate over them).</summary>
    public int Users => 1000;

    /// <summary>Gets the number of live sessions in the small table (figures 1 and 5).</summary>
    public int SmallSessions => 10_000;

    /// <summary>Gets the number of live sessions in the large table (figure 5); quick mode scales it down.</summary>
    public int LargeSessions => Quick ? 100_000 : 1_000_000;

    /// <summary>Gets the number of expired sessions the purge removes (figure 5); quick mode scales it down.</summary>
    public int ExpiredSessions => Quick ? 100_000 : 1_000_000;

    /// <summary>Gets the rounds of session lookups (figure 5).</summary>
    public int LookupRounds => Quick ? 2 : 10;

    /// <summary>Gets the length of one round of session lookups (figure 5).</summary>
    public TimeSpan LookupRound => TimeSpan.FromSeconds(Quick ? 1 : 3);

    /// <summary>Gets the length of the login runs before and after the purge (figure 5).</summary>
    public int PurgeLoginSeconds => Quick ? 3 : 10;

    /// <summary>Gets the length of the GET /profile load each app gets before its idle memory is read (figure 7).</summary>
    public int IdleWarmUpSeconds => Quick ? 2 : 10;

    /// <summary>Gets how long the apps sit idle after their warm-up before their memory is read (figure 7).</summary>
    public int IdleSeconds => Quick ? 2 : 10;

    /// <summary>Gets how many rounds the scale-out figure runs (each round loads 1, 2 and 3 instances in rotating order; figure 8).</summary>
    public int ScaleOutRounds => Quick ? 1 : 10;

    /// <summary>Gets the length of one scale-out run (figure 8).</summary>
    public int ScaleOutSeconds => Quick ? 2 : 3;

    /// <summary>Gets the number of sequential hashes timed before each login level (figure 3).</summary>
    public int HashSamples => Quick ? 3 : 10;
}
