namespace JustScale.Core;

/// <summary>Begins store-independent transactions that every repository called inside takes part in (the unit of work).</summary>
/// <remarks>
/// <para>Every cluster provides one; inject it like any service. Usage:
/// <c>await using var tx = await unitOfWork.BeginAsync(ct); ... await tx.CommitAsync(ct);</c>. Leaving the block without
/// committing (an exception) rolls every write back.</para>
/// <para>The transaction is ambient: it flows with the async call (an <see cref="AsyncLocal{T}"/>), so repositories
/// injected anywhere join it without a handle. Nesting: a <see cref="BeginAsync"/> inside another transaction joins it;
/// only the outermost commit writes; an inner transaction disposed without committing dooms the whole transaction,
/// whose outermost commit then rolls back and throws.</para>
/// </remarks>
public interface IUnitOfWork
{
    /// <summary>Begins a transaction, or joins the ambient one; dispose it with <c>await using</c>.</summary>
    /// <remarks>Completes synchronously: stores begin their part at their first statement, so no connection is held
    /// before a repository is called.</remarks>
    ValueTask<ITransaction> BeginAsync(CancellationToken cancellationToken = default);
}
