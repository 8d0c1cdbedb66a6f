namespace JustScale.Core;

/// <summary>Reports that the store cannot be reached right now (connection lost, server shutting down).</summary>
/// <remarks>HTTP answers it with 503 and Retry-After. Nothing committed before the fault is lost.</remarks>
public sealed class DatabaseUnavailableException : JustScaleException
{
    /// <summary>Creates the exception with the underlying cause.</summary>
    public DatabaseUnavailableException(Exception? innerException = null)
        : base("Service Unavailable", 503, "database_unavailable", innerException)
    {
        RetryAfter = TimeSpan.FromSeconds(5);
    }
}
