using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JustScale.Core;

/// <summary>Reads the dependencies of a type from the constructor the container will use.</summary>
internal static class ConstructorDependencies
{
    /// <summary>Services every cluster provides: logging, time, configuration, the unit of work and the container itself.</summary>
    public static bool IsBuiltIn(Type type) =>
        type == typeof(IServiceProvider) || type == typeof(IServiceScopeFactory) || type == typeof(IUnitOfWork)
        || type == typeof(ILoggerFactory) || type == typeof(TimeProvider) || type == typeof(IConfiguration)
        || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ILogger<>))
        || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>));

    public static IReadOnlyList<Type> Of(Type implementation)
    {
        var constructor = implementation
            .GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault()
            ?? throw new ArgumentException($"{TypeNames.Of(implementation)} has no public constructor.", nameof(implementation));
        return [.. constructor.GetParameters().Where(p => !p.HasDefaultValue).Select(p => p.ParameterType)];
    }
}
