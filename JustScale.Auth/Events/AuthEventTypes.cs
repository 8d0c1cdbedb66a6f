using System.Collections.Frozen;
using System.Text.Json;

namespace JustScale.Auth;

/// <summary>Names auth events for the audit trail and webhooks: <c>auth.</c> and the kind in snake case (<c>auth.login_failed</c>).</summary>
/// <remarks>The names are the wire contract (the audit trail's <c>type</c>, the webhook's CloudEvents <c>type</c>): they never change.</remarks>
public static class AuthEventTypes
{
    private static readonly FrozenDictionary<AuthEventKind, string> Names =
        Enum.GetValues<AuthEventKind>().ToFrozenDictionary(kind => kind, kind => "auth." + SnakeCase(kind.ToString()));

    private static readonly FrozenDictionary<string, AuthEventKind> Kinds =
        Names.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>Gets every type name, in the order of <see cref="AuthEventKind"/>.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<AuthEventKind>().Select(kind => Names[kind])];

    /// <summary>Returns the type name of a kind, such as <c>auth.registered</c>.</summary>
    public static string Of(AuthEventKind kind) => Names.TryGetValue(kind, out var name) ? name : "auth." + SnakeCase(kind.ToString());

    /// <summary>Returns whether <paramref name="type"/> is a known type name.</summary>
    public static bool IsKnown(string? type) => type is not null && Kinds.ContainsKey(type);

    private static string SnakeCase(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
