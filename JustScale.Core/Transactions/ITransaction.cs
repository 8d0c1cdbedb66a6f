namespace JustScale.Core;

/// <summary>Represents one level of a unit of work begun by <see cref="IUnitOfWork.BeginAsync"/>.</summary>
/// <remarks>Disposing without <see cref="CommitAsync"/> rolls back (outermost) or dooms the whole transaction (inner).</remarks>
public interface ITransaction : IAsyncDisposable
{
    /// <summary>Gets whether this is the outermost level, whose commit writes.</summary>
    bool IsOutermost { get; }

    /// <summary>Commits: the outermost level commits every store that took part, an inner level only marks itself done.</summary>
    /// <exception cref="TransactionAbortedException">An inner level was disposed without committing; everything was rolled back.</exception>
    Task CommitAsync(CancellationToken cancellationToken = default);
}
