namespace CompleteExample;

/// <summary>Says whether the app has started: until then the host's and Kestrel's start-failure errors are left to RunAsync's one line.</summary>
public sealed class StartupGate
{
    private volatile bool _open;

    /// <summary>Gets whether the app has started.</summary>
    public bool IsOpen => _open;

    /// <summary>Marks the app as started.</summary>
    public void Open() => _open = true;
}
