namespace JustScale.Core;

/// <summary>Implements <see cref="IUnitOfWork"/> with an ambient transaction that stores join when first used.</summary>
/// <remarks>Stateless: every instance sees the same ambient transaction, so <c>new UnitOfWork()</c> works where no container
/// is at hand. Stores find the transaction through <see cref="Current"/>.</remarks>
public sealed class UnitOfWork : IUnitOfWork
{
    private static readonly AsyncLocal<UnitOfWorkTransaction?> Ambient = new();

    /// <summary>Gets the ambient transaction's context, for stores to enlist in, or null outside a transaction.</summary>
    public static TransactionContext? Current => Ambient.Value?.Context;

    /// <inheritdoc />
    /// <remarks>Not an async method on purpose: it sets the ambient transaction in the caller's flow, which an async method
    /// would undo when it returns.</remarks>
    public ValueTask<ITransaction> BeginAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var parent = Ambient.Value;
        var context = parent is { Context.IsActive: true } ? parent.Context : new TransactionContext();
        var transaction = new UnitOfWorkTransaction(context, parent, isOutermost: context != parent?.Context);
        Ambient.Value = transaction;
        return new ValueTask<ITransaction>(transaction);
    }

    /// <summary>Clears the ambient transaction in the current flow (callers are async methods, whose flow ends with them).</summary>
    internal static void Suspend() => Ambient.Value = null;

    /// <summary>Makes the parent level ambient again when a level is disposed (in the disposing flow).</summary>
    internal static void Leave(UnitOfWorkTransaction transaction, UnitOfWorkTransaction? parent)
    {
        if (Ambient.Value == transaction)
        {
            Ambient.Value = parent;
        }
    }
}
