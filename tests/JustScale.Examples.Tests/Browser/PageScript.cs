using System.Text.Json;

namespace JustScale.Examples.Tests.Browser;

/// <summary>Wraps a test's JavaScript in an async function with two helpers, for <see cref="JustScale.Testing.HeadlessChromium.EvaluateAsync"/>.</summary>
/// <remarks>
/// <c>call(url, init)</c> resolves to <c>{ status, body }</c> (body parsed as JSON when it is JSON), or to <c>{ error }</c> when
/// fetch rejects, such as <c>"TypeError: Failed to fetch"</c> for a response CORS does not let the page read: a refusal is an
/// answer the test reads, not a script failure. <c>json(method, body, headers)</c> builds a JSON request's init.
/// </remarks>
internal static class PageScript
{
    private const string Helpers = """
        const call = async (url, init) => {
          try {
            const response = await fetch(url, init);
            const text = await response.text();
            let body = text;
            try { body = JSON.parse(text); } catch { }
            return { status: response.status, body };
          } catch (e) {
            return { error: String(e) };
          }
        };
        const json = (method, body, headers) =>
          ({ method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
        """;

    /// <summary>Returns an expression that runs <paramref name="body"/> (which ends with a <c>return</c>) and evaluates to its promise.</summary>
    public static string Run(string body) => "(async () => {\n" + Helpers + "\n" + body + "\n})()";

    /// <summary>Returns a JavaScript literal for a value (a string in quotes, escaped).</summary>
    public static string Literal(object value) => JsonSerializer.Serialize(value);
}
