namespace JustScale.Core;

/// <summary>Runs work in a unit of work: commits when it returns, rolls back when it throws.</summary>
public static class UnitOfWorkExtensions
{
    /// <summary>Runs work in a transaction (or in the ambient one, joined) and commits it.</summary>
    public static async Task RunAsync(this IUnitOfWork unitOfWork, Func<CancellationToken, Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unitOfWork);
        ArgumentNullException.ThrowIfNull(work);
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
        await work(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Runs work in a transaction (or in the ambient one, joined), commits it and returns the work's result.</summary>
    public static async Task<TResult> RunAsync<TResult>(this IUnitOfWork unitOfWork, Func<CancellationToken, Task<TResult>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unitOfWork);
        ArgumentNullException.ThrowIfNull(work);
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
        var result = await work(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
