using JustScale.Core;
using JustScale.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace JustScale.Auth.Tests.Typing;

/// <summary>Compiles C# snippets as an app would, against the built JustScale.Core, Http and Auth assemblies and the shared framework.</summary>
internal static class AuthSnippetCompiler
{
    private const string Prelude = """
        using System;
        using System.Threading.Tasks;
        using JustScale.Auth;
        using JustScale.Core;
        using JustScale.Http;
        using static JustScale.Http.Routes;
        using static JustScale.Auth.AuthMiddleware;
        using static JustScale.Auth.AuthGuards;

        namespace App;

        public sealed record IdParam(Guid Id);
        public sealed record NoteBody(string Text);
        public sealed record NoteOut(Guid Id, string Text);
        public sealed record Page(int Limit);
        public sealed record Note(Guid Id, Guid OwnerId, string Text);

        public sealed class Notes
        {
            public ValueTask<Note?> FindAsync(Guid id) => ValueTask.FromResult<Note?>(null);
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
        var ours = new[] { typeof(Route<>).Assembly.Location, typeof(ClusterBuilder).Assembly.Location, typeof(User).Assembly.Location };
        return [.. framework.Concat(ours).Distinct(StringComparer.Ordinal).Select(path => MetadataReference.CreateFromFile(path))];
    });

    /// <summary>Compiles members placed in a class after the prelude and returns the ids of the errors, in order.</summary>
    public static IReadOnlyList<string> ErrorsOf(string members) =>
        [.. Compile(members).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id)];

    /// <summary>Compiles members and returns the errors as <c>id: message</c>, for an assertion's message.</summary>
    public static string MessagesOf(string members) =>
        string.Join("; ", Compile(members).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => $"{d.Id}: {d.GetMessage()}"));

    /// <summary>Compiles members and returns the type of each member access written <paramref name="expression"/> (<c>ctx.User</c>), in order.</summary>
    public static IReadOnlyList<string> TypesOf(string members, string expression)
    {
        var compilation = Compile(members);
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        return [.. tree.GetRoot().DescendantNodes().OfType<MemberAccessExpressionSyntax>()
            .Where(access => access.ToString() == expression)
            .Select(access => model.GetTypeInfo(access).Type?.ToDisplayString() ?? "?")];
    }

    private static CSharpCompilation Compile(string members)
    {
        var source = $$"""
            {{Prelude}}
            public static class Snippet
            {
                {{members}}
            }
            """;
        return CSharpCompilation.Create(
            "Snippet",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }
}
