namespace JustScale.Core;

/// <summary>Lets tables of different entity types check and cascade references to each other.</summary>
internal interface IInMemoryTable
{
    bool Contains(Guid id);

    void DeleteReferencing(Type deletedType, IReadOnlyCollection<Guid> deletedIds);
}
