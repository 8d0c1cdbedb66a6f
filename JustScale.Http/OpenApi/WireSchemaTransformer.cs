using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace JustScale.Http.OpenApi;

/// <summary>Makes the schemas of the types JustScale routes declare say what JustScale's binder does, where the host's JSON options say otherwise.</summary>
/// <remarks>
/// The host's options (System.Text.Json's Web defaults) read numbers from strings, so the exporter writes an integer member
/// as <c>type: [integer, string]</c> with a pattern; JustScale reads numbers strictly, so for its types the string goes.
/// And DataAnnotations on a record's positional parameter (<c>[StringLength(20, MinimumLength = 8)] string Password</c>),
/// which JustScale's validator checks, are not read by the exporter, nor is <c>[EmailAddress]</c>: they become <c>minLength</c>, <c>maxLength</c>,
/// <c>minimum</c>, <c>maximum</c>, <c>pattern</c> and <c>format</c> here. A host's own types are left as they are.
/// </remarks>
internal static class WireSchemaTransformer
{
    /// <summary>Adjusts the schema of a member of a type a JustScale route declares.</summary>
    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is not { } property
            || context.ApplicationServices.GetService<DeclaredTypes>() is not { } declared
            || !declared.Contains(property.DeclaringType))
        {
            return Task.CompletedTask;
        }

        if (schema.Type is { } type && (type & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0 && (type & JsonSchemaType.String) != 0)
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        // The exporter reads most rules on properties, but not those on a record's positional parameters, nor [EmailAddress].
        var rules = (property.AttributeProvider?.GetCustomAttributes(typeof(ValidationAttribute), inherit: true) ?? [])
            .Concat(property.AssociatedParameter?.AttributeProvider?.GetCustomAttributes(typeof(ValidationAttribute), inherit: true) ?? []);
        foreach (var rule in rules)
        {
            switch (rule)
            {
                case StringLengthAttribute length:
                    schema.MaxLength = length.MaximumLength;
                    schema.MinLength = length.MinimumLength > 0 ? length.MinimumLength : schema.MinLength;
                    break;
                case MinLengthAttribute min when schema.Type?.HasFlag(JsonSchemaType.String) == true:
                    schema.MinLength = min.Length;
                    break;
                case MaxLengthAttribute { Length: > 0 } max when schema.Type?.HasFlag(JsonSchemaType.String) == true:
                    schema.MaxLength = max.Length;
                    break;
                case RangeAttribute { Minimum: IConvertible minimum, Maximum: IConvertible maximum }:
                    schema.Minimum = Convert.ToString(minimum, CultureInfo.InvariantCulture);
                    schema.Maximum = Convert.ToString(maximum, CultureInfo.InvariantCulture);
                    break;
                case EmailAddressAttribute:
                    schema.Format = "email";
                    break;
                case UrlAttribute:
                    schema.Format = "uri";
                    break;
                case RegularExpressionAttribute regex:
                    schema.Pattern = regex.Pattern;
                    break;
            }
        }

        return Task.CompletedTask;
    }
}
