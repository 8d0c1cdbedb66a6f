using System.Reflection;
using System.Runtime.CompilerServices;

namespace JustScale.Examples.Tests;

/// <summary>Pins docs/design/options.md: a package's startup settings are classes whose public properties are settable (not init-only).</summary>
[TestFixture]
public sealed class OptionsStyleTests
{
    // Per-call values (arguments, copied with `with`), and a certificate source made by factories: not startup settings.
    private static readonly HashSet<string> NotSettings =
        ["FindOptions`1", "CreateSessionOptions", "FieldOptions", "HttpsOptions"];

    private static readonly Assembly[] Packages =
    [
        typeof(Core.ClusterBuilder).Assembly, typeof(Http.ListenOptions).Assembly, typeof(Postgres.PostgresClient).Assembly,
        typeof(Auth.AuthOptions).Assembly, typeof(Auth.SignIn.SignInOptions).Assembly, typeof(Auth.Tokens.TokensOptions).Assembly,
        typeof(Permissions.AdminOptions).Assembly, typeof(Realtime.RealtimeOptions).Assembly, typeof(Webhooks.WebhooksOptions).Assembly,
    ];

    [Test]
    public void PublicOptionsTypes_OfEveryPackage_AreClassesWithSettableProperties()
    {
        var settings = Packages.SelectMany(a => a.GetExportedTypes())
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal) || t.Name.EndsWith("Options`1", StringComparison.Ordinal))
            .Where(t => !NotSettings.Contains(t.Name))
            .ToList();
        var odd = settings
            .SelectMany(t => IsRecord(t)
                ? [$"{t.Name} is a record"]
                : t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.DeclaringType == t && !Settable(p)).Select(p => $"{t.Name}.{p.Name}"))
            .ToList();

        Assert.That(settings, Has.Count.GreaterThan(20), "the survey finds the packages' options classes");
        Assert.That(odd, Is.Empty, "startup settings are settable classes (docs/design/options.md)");
    }

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;

    // Settable; or a get-only collection one adds to (ForwardedHeadersOptions.KnownProxies); or computed (no backing field).
    private static bool Settable(PropertyInfo property) => property.SetMethod is { IsPublic: true } setter
        ? !setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit))
        : property.PropertyType.GetInterfaces().Append(property.PropertyType).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollection<>))
            || property.DeclaringType!.GetField($"<{property.Name}>k__BackingField", BindingFlags.NonPublic | BindingFlags.Instance) is null;
}
