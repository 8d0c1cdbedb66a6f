using System.Reflection;

namespace JustScale.Core;

/// <summary>Tells the kind of a field from its property type, or why the type is not supported.</summary>
internal static class FieldKinds
{
    public const string Supported =
        "string, int, long, bool, decimal, double, Guid, DateTimeOffset, DateOnly, byte[], an enum, Reference<T>; other types with .Json(...)";

    public static FieldKind Of(Type type, int? maxLength, PropertyInfo property) => type switch
    {
        _ when type == typeof(string) => maxLength is null ? FieldKind.Text : FieldKind.String,
        { IsGenericType: true } when type.GetGenericTypeDefinition() == typeof(Reference<>) => FieldKind.Reference,
        { IsEnum: true } => FieldKind.Enum,
        _ when type == typeof(Guid) => FieldKind.Uuid,
        _ when type == typeof(int) => FieldKind.Int,
        _ when type == typeof(long) => FieldKind.Long,
        _ when type == typeof(bool) => FieldKind.Bool,
        _ when type == typeof(DateTimeOffset) => FieldKind.Timestamp,
        _ when type == typeof(decimal) => FieldKind.Decimal,
        _ when type == typeof(double) => FieldKind.Double,
        _ when type == typeof(DateOnly) => FieldKind.Date,
        _ when type == typeof(byte[]) => FieldKind.Bytes,
        _ => throw new NotSupportedException(
            $"{property.DeclaringType?.Name}.{property.Name}: type {type.Name} is not a supported field type ({Supported})."),
    };
}
