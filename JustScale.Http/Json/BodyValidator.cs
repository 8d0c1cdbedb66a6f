using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Serialization.Metadata;

namespace JustScale.Http.Json;

/// <summary>Checks a bound request value against its DataAnnotations rules ([Required], [StringLength], [Range], [EmailAddress], ...).</summary>
/// <remarks>
/// The rules of a type are read once, from its JSON contract, so errors are keyed by the JSON (camelCase) name the client
/// sent, never the C# name: <c>email</c>, <c>address.city</c>. Attributes count on the property or on the positional
/// record parameter (<c>record R([EmailAddress] string Email)</c>). Nested objects are checked too; collections are not
/// entered. A type without rules costs one null check per request. <see cref="IValidatableObject"/> runs after the attributes.
/// </remarks>
internal static class BodyValidator
{
    private static readonly ConcurrentDictionary<Type, Plan?> s_plans = new();

    /// <summary>Validates a value; returns the messages grouped by field path, or null when it is valid.</summary>
    public static Dictionary<string, string[]>? Validate<T>(T value)
    {
        if (value is null || Cache<T>.Plan is not { } plan)
        {
            return null;
        }

        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        plan.Validate(value, prefix: string.Empty, errors, depth: 0);
        return errors.Count == 0 ? null : errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    private static Plan? PlanFor(Type type)
    {
        if (s_plans.TryGetValue(type, out var known))
        {
            return known;
        }

        s_plans[type] = null; // a recursive type sees no plan for itself while its own is built
        var info = HttpJson.ReadOptions.GetTypeInfo(type);
        Plan? plan = null;
        if (info.Kind == JsonTypeInfoKind.Object)
        {
            var members = new List<Member>();
            foreach (var property in info.Properties)
            {
                if (property.Get is not { } get)
                {
                    continue;
                }

                ValidationAttribute[] rules = [.. Rules(property.AttributeProvider), .. Rules(property.AssociatedParameter?.AttributeProvider)];
                var nested = IsEntered(property.PropertyType) ? PlanFor(property.PropertyType) : null;
                if (rules.Length > 0 || nested is not null)
                {
                    members.Add(new Member(property.Name, (property.AttributeProvider as MemberInfo)?.Name ?? property.Name, get, rules, nested));
                }
            }

            if (members.Count > 0 || typeof(IValidatableObject).IsAssignableFrom(type))
            {
                plan = new Plan([.. members]);
            }
        }

        s_plans[type] = plan;
        return plan;
    }

    private static IEnumerable<ValidationAttribute> Rules(ICustomAttributeProvider? provider) =>
        provider?.GetCustomAttributes(typeof(ValidationAttribute), inherit: true).Cast<ValidationAttribute>() ?? [];

    private static bool IsEntered(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type)
        && type.Assembly != typeof(object).Assembly;

    private static class Cache<T>
    {
        public static readonly Plan? Plan = PlanFor(typeof(T));
    }

    private sealed record Member(string JsonName, string ClrName, Func<object, object?> Get, ValidationAttribute[] Rules, Plan? Nested);

    private sealed class Plan(Member[] members)
    {
        private const int MaxDepth = 32;

        public void Validate(object instance, string prefix, Dictionary<string, List<string>> errors, int depth)
        {
            if (depth > MaxDepth)
            {
                return;
            }

            foreach (var member in members)
            {
                var value = member.Get(instance);
                var field = prefix + member.JsonName;
                foreach (var rule in member.Rules)
                {
                    var context = new ValidationContext(instance) { MemberName = member.ClrName, DisplayName = member.JsonName };
                    if (rule.GetValidationResult(value, context) is { } failed && failed != ValidationResult.Success)
                    {
                        Add(errors, field, failed.ErrorMessage ?? $"The {member.JsonName} field is not valid.");
                    }
                }

                if (member.Nested is { } nested && value is not null)
                {
                    nested.Validate(value, field + ".", errors, depth + 1);
                }
            }

            if (instance is IValidatableObject validatable)
            {
                foreach (var result in validatable.Validate(new ValidationContext(instance)))
                {
                    var names = result.MemberNames.Select(name => JsonNameOf(name)).DefaultIfEmpty("$");
                    foreach (var name in names)
                    {
                        Add(errors, name == "$" && prefix.Length > 0 ? prefix.TrimEnd('.') : name == "$" ? name : prefix + name,
                            result.ErrorMessage ?? "The value is not valid.");
                    }
                }
            }
        }

        private string JsonNameOf(string clrName) =>
            members.FirstOrDefault(m => m.ClrName == clrName)?.JsonName ?? HttpJson.ReadOptions.PropertyNamingPolicy?.ConvertName(clrName) ?? clrName;

        private static void Add(Dictionary<string, List<string>> errors, string field, string message) =>
            (CollectionsMarshal.GetValueRefOrAddDefault(errors, field, out _) ??= []).Add(message);
    }
}
