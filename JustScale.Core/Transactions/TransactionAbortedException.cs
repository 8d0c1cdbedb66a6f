namespace JustScale.Core;

/// <summary>Reports that a unit of work was rolled back instead of committed, because an inner level ended without committing.</summary>
public sealed class TransactionAbortedException : JustScaleException
{
    /// <summary>Creates the exception with a message.</summary>
    public TransactionAbortedException(string message, Exception? innerException = null)
        : base(message, innerException: innerException)
    {
    }
}
