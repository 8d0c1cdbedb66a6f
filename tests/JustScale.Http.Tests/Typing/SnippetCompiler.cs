using JustScale.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace JustScale.Http.Tests.Typing;

/// <summary>Compiles C# snippets against the built JustScale.Http and JustScale.Core assemblies and the shared framework.</summary>
internal static class SnippetCompiler
{
    private const string Prelude = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using JustScale.Core;
        using JustScale.Http;
        using static JustScale.Http.Routes;
        using static JustScale.Http.HttpHost;

        namespace App;

        public interface ITagged : IRequestContext
        {
            string Tag { get; }
        }

        public sealed class Tagged<TContext>(TContext inner, string tag) : RequestContextWrapper<TContext>(inner), ITagged
            where TContext : IRequestContext
        {
            public string Tag => tag;
        }

        public static class Tagging
        {
            public static ValueTask<Tagged<TContext>> Tag<TContext>(TContext context) where TContext : IRequestContext =>
                ValueTask.FromResult(new Tagged<TContext>(context, "t"));

            public static Guard<ITagged> RequireTag(string tag) => context => ValueTask.FromResult(context.Tag == tag);
        }

        public sealed class UserService;

        public sealed class SessionService;

        """;

    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var framework = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(path).StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal)
                || Path.GetFileName(path).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
                || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll");
        var ours = new[] { typeof(Route<>).Assembly.Location, typeof(ClusterBuilder).Assembly.Location };
        return [.. framework.Concat(ours).Distinct(StringComparer.Ordinal).Select(path => MetadataReference.CreateFromFile(path))];
    });

    /// <summary>Compiles members placed in a class after the prelude and returns the ids of the errors, in order.</summary>
    public static IReadOnlyList<string> ErrorsOf(string members) =>
        [.. Compile(members).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id)];

    /// <summary>Compiles members and returns the overload the last call of the named method binds to, as <c>Name(ParameterTypes)</c>.</summary>
    public static string? BoundMethodOf(string members, string methodName)
    {
        var compilation = Compile(members);
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var call = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>()
            .Last(i => i.Expression is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax member && member.Name.Identifier.Text == methodName);
        return model.GetSymbolInfo(call).Symbol is IMethodSymbol method
            ? $"{method.Name}({string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString()))})"
            : null;
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
