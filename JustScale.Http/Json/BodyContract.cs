using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Serialization.Metadata;

namespace JustScale.Http.Json;

/// <summary>Decides which members of a request type must be present: what the JSON binder enforces and the OpenAPI schema lists as required.</summary>
/// <remarks>
/// Required: C# <c>required</c> members, <c>[JsonRequired]</c>, <c>[Required]</c> (on the property or the positional parameter),
/// and positional record parameters without a default whose type is not nullable. Nullable means optional: a positional
/// <c>string? Name</c> or <c>int? Age</c> may be omitted (it binds as null) with or without a default, and may be sent as
/// null. System.Text.Json's own <c>RespectRequiredConstructorParameters</c> is off because it ignores nullability.
/// </remarks>
internal static class BodyContract
{
    /// <summary>Marks the required members of a type's read contract.</summary>
    public static void ApplyRequiredMembers(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in type.Properties.Where(p => !p.IsRequired))
        {
            var parameter = property.AssociatedParameter;
            property.IsRequired = HasRequiredAttribute(property.AttributeProvider) || HasRequiredAttribute(parameter?.AttributeProvider)
                || (parameter is { HasDefaultValue: false, IsMemberInitializer: false } && !IsNullable(parameter));
        }
    }

    private static bool IsNullable(JsonParameterInfo parameter) =>
        parameter.IsNullable || Nullable.GetUnderlyingType(parameter.ParameterType) is not null;

    private static bool HasRequiredAttribute(ICustomAttributeProvider? provider) =>
        provider is not null && provider.IsDefined(typeof(RequiredAttribute), inherit: true);
}
