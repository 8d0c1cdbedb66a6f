using System.Runtime.CompilerServices;

namespace JustScale.Http.OpenApi;

/// <summary>Remembers the requirement described for a guard delegate, until the delegate is collected.</summary>
internal static class GuardRequirements
{
    private static readonly ConditionalWeakTable<Delegate, GuardRequirement> Described = [];

    public static void Add(Delegate guard, string requirement) => Described.AddOrUpdate(guard, new GuardRequirement(requirement));

    public static GuardRequirement? Of(Delegate guard) => Described.TryGetValue(guard, out var requirement) ? requirement : null;
}
