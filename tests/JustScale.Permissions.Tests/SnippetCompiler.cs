using JustScale.Auth;
using JustScale.Core;
using JustScale.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace JustScale.Permissions.Tests;

/// <summary>Compiles C# snippets against the built JustScale assemblies (Core, Http, Auth, Permissions) and the shared framework.</summary>
internal static class SnippetCompiler
{
    private const string Prelude = """
        using System;
        using System.Threading.Tasks;
        using JustScale.Auth;
        using JustScale.Core;
        using JustScale.Http;
        using JustScale.Permissions;
        using static JustScale.Http.Routes;
        using static JustScale.Auth.AuthMiddleware;

        namespace App;

        public sealed class Task : Entity, IModel<Task>
        {
            public static Model<Task> Model { get; } = Model<Task>.Define("Task", m => m
                .Field(t => t.Organization).Field(t => t.Assignee).String(t => t.Title, maxLength: 100));

            public Reference<Organization> Organization { get; set; }

            public Reference<User> Assignee { get; set; }

            public string Title { get; set; } = "";
        }

        """;

    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var framework = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(path).StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal)
                || Path.GetFileName(path).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
                || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll");
        var ours = new[] { typeof(Route<>).Assembly.Location, typeof(ClusterBuilder).Assembly.Location, typeof(User).Assembly.Location, typeof(Permission<>).Assembly.Location };
        return [.. framework.Concat(ours).Distinct(StringComparer.Ordinal).Select(path => MetadataReference.CreateFromFile(path))];
    });

    /// <summary>Compiles members placed in a class after the prelude and returns the ids of the errors, in order.</summary>
    public static IReadOnlyList<string> ErrorsOf(string members)
    {
        var source = $$"""
            {{Prelude}}
            public static class Snippet
            {
                {{members}}
            }
            """;
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return [.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id)];
    }
}
