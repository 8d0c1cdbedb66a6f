namespace JustScale.Core;

/// <summary>Writes type names as C# spells them (IRepository&lt;User&gt;), for messages.</summary>
internal static class TypeNames
{
    public static string Of(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Of))}>"
        : type.Name;
}
