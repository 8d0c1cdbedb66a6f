namespace JustScale.Core;

/// <summary>Lets tables of different entity types check and cascade references to each other.</summary>
internal interface IInMemoryTable
{
    bool Contains(Guid id);

    void DeleteReferencing(Type deletedType, IReadOnlyCollection<Guid> deletedIds);

    /// <summary>Puts a row back as it was before a transaction's write (null: absent), without checks or cascades.</summary>
    void Restore(Guid id, object? previous);
}
