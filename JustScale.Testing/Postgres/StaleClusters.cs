namespace JustScale.Testing;

/// <summary>Removes throwaway clusters left behind by test processes that died before cleaning up.</summary>
internal static class StaleClusters
{
    private static int _reaped;

    /// <summary>Stops (<c>pg_ctl stop -m immediate</c>) and deletes every cluster whose owning process is gone; runs once per process.</summary>
    public static void Reap()
    {
        if (Interlocked.Exchange(ref _reaped, 1) == 1 || LocalPostgres.BinDirectory is null)
        {
            return;
        }

        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateDirectories(LocalPostgres.TempRoot, LocalPostgres.DirectoryPrefix + "*").ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var root in candidates)
        {
            try
            {
                var hasOwner = File.Exists(Path.Combine(root, LocalPostgres.OwnerFile));
                var young = DateTime.UtcNow - Directory.GetCreationTimeUtc(root) < TimeSpan.FromMinutes(10);
                if (hasOwner ? LocalPostgres.OwnerIsAlive(root) : young)
                {
                    continue;
                }

                LocalPostgres.StopImmediatelyBlocking(root);
                Directory.Delete(root, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Another process may be reaping the same folder; whatever is left, the next run tries again.
            }
        }
    }
}
