namespace JustScale.Core;

/// <summary>Points to an entity of type <typeparamref name="T"/> by its id.</summary>
/// <typeparam name="T">The referenced entity type.</typeparam>
/// <param name="Id">The id of the referenced entity.</param>
public readonly record struct Reference<T>(Guid Id) where T : Entity, new()
{
    /// <summary>Creates a reference to an entity.</summary>
    public static Reference<T> To(T entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new Reference<T>(entity.Id);
    }

    /// <summary>Converts an entity to a reference to it.</summary>
    public static implicit operator Reference<T>(T entity) => To(entity);

    /// <summary>Loads the referenced entity through its repository; null when it no longer exists.</summary>
    public Task<T?> ResolveAsync(IRepository<T> repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return repository.GetAsync(Id, cancellationToken);
    }

    /// <summary>Returns the id as text.</summary>
    public override string ToString() => Id.ToString();
}
