namespace JustScale.Auth;

// Shedding as the health check and the log see it: when the last request was refused for want of a slot.
public sealed partial class PasswordService
{
    /// <summary>Gets how long after a refused request the hasher still counts as shedding, and how often the overload is logged.</summary>
    internal static readonly TimeSpan ShedWindow = TimeSpan.FromSeconds(10);

    private long _lastShed = long.MinValue;
    private long _lastShedLogged = long.MinValue;

    /// <summary>Gets whether a hash or verification was refused (503) within the last <see cref="ShedWindow"/>.</summary>
    internal bool IsShedding
    {
        get
        {
            var last = Interlocked.Read(ref _lastShed);
            return last != long.MinValue && _time.GetElapsedTime(last) < ShedWindow;
        }
    }

    /// <summary>Records a refusal; true when it is the first of a burst (nothing logged for a <see cref="ShedWindow"/>), so it is logged once.</summary>
    private bool MarkShed()
    {
        var now = _time.GetTimestamp();
        Interlocked.Exchange(ref _lastShed, now);
        var logged = Interlocked.Read(ref _lastShedLogged);
        return (logged == long.MinValue || _time.GetElapsedTime(logged, now) >= ShedWindow)
            && Interlocked.CompareExchange(ref _lastShedLogged, now, logged) == logged;
    }
}
