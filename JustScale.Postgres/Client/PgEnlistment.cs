using JustScale.Core;

namespace JustScale.Postgres;

/// <summary>Implements a <see cref="PostgresClient"/>'s part of a unit of work: one connection and one transaction for every repository of the client.</summary>
internal sealed class PgEnlistment : ITransactionParticipant
{
    private int _ended;

    public PgEnlistment(PgTransaction transaction) => Transaction = transaction;

    /// <summary>Gets the transaction that the client's repositories lease while the unit of work is ambient.</summary>
    public PgTransaction Transaction { get; }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1)
        {
            return;
        }

        try
        {
            await Transaction.Gate.WaitAsync(cancellationToken).ConfigureAwait(false); // statements still in flight finish first
            await Transaction.LentTransaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PgErrors.Translate(ex, null, Transaction.Client) is { } translated)
        {
            throw translated;
        }
        finally
        {
            await Transaction.Client.EndAsync(Transaction).ConfigureAwait(false);
        }
    }

    public async Task RollbackAsync()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1)
        {
            return;
        }

        try
        {
            await Transaction.Gate.WaitAsync().ConfigureAwait(false);
            await PostgresClient.RollBackQuietlyAsync(Transaction).ConfigureAwait(false);
        }
        finally
        {
            await Transaction.Client.EndAsync(Transaction).ConfigureAwait(false);
        }
    }
}
