namespace JustScale.Core;

/// <summary>Compares stored values for unique indexes: byte arrays and composite keys (object arrays) by content.</summary>
internal sealed class StoredValueComparer : IEqualityComparer<object>
{
    public static StoredValueComparer Instance { get; } = new();

    public new bool Equals(object? x, object? y) => (x, y) switch
    {
        (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
        (object[] a, object[] b) => a.Length == b.Length && a.Zip(b).All(pair => Equals(pair.First, pair.Second)),
        _ => object.Equals(x, y),
    };

    public int GetHashCode(object obj) => obj switch
    {
        byte[] bytes => HashBytes(bytes),
        object[] values => values.Aggregate(17, (hash, value) => (hash * 31) + GetHashCode(value)),
        _ => obj.GetHashCode(),
    };

    private static int HashBytes(byte[] bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}
