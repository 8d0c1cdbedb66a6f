using System.Reflection;

namespace JustScale.Http.Dependencies;

/// <summary>Reads what a middleware or guard delegate declares: <see cref="InjectAttribute"/>s on its method, or its factory's service.</summary>
/// <remarks>Read once, when the route is declared (<c>.Use</c>, <c>.Guard</c>), never per request.</remarks>
internal static class DeclaredServices
{
    /// <summary>Returns the services a step's delegate declares; empty when it declares none.</summary>
    public static InjectAttribute[] Of(Delegate step) => step.Target is IDeclaresServices declared
        ? [.. declared.Services]
        : [.. step.Method.GetCustomAttributes<InjectAttribute>(inherit: false)];
}
