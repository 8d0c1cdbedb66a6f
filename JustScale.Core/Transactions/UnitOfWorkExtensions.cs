namespace JustScale.Core;

/// <summary>Runs work in a unit of work: commits when it returns, rolls back when it throws.</summary>
public static class UnitOfWorkExtensions
{
    /// <summary>Runs work in a transaction (or in the ambient one, joined) and commits it.</summary>
    public static async Task RunAsync(this IUnitOfWork unitOfWork, Func<CancellationToken, Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unitOfWork);
        ArgumentNullException.ThrowIfNull(work);
        var transaction = await unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        await work(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs work in a transaction (or in the ambient one, joined), commits it and returns the work's result.</summary>
    public static async Task<TResult> RunAsync<TResult>(this IUnitOfWork unitOfWork, Func<CancellationToken, Task<TResult>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unitOfWork);
        ArgumentNullException.ThrowIfNull(work);
        var transaction = await unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        var result = await work(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }
}
