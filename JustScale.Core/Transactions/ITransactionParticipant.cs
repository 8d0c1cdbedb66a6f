namespace JustScale.Core;

/// <summary>Represents one store's part of a unit of work; stores implement it and enlist through <see cref="TransactionContext"/>.</summary>
/// <remarks>Both methods are called at most once in total, and release what the part holds (a connection) whatever happens.</remarks>
public interface ITransactionParticipant
{
    /// <summary>Makes the store's writes durable and visible.</summary>
    Task CommitAsync(CancellationToken cancellationToken);

    /// <summary>Undoes the store's writes; never throws (a store that cannot be reached rolls back on its own).</summary>
    Task RollbackAsync();
}
