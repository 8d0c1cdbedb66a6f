using System.Net;
using System.Text.RegularExpressions;

namespace JustScale.Examples.Tests.SignIn;

/// <summary>Walks a browser's way through a provider sign-in over plain HTTP: follows redirects, fills the provider's own login
/// form (any login; the password is ignored by its development interactions) and submits its consent form, keeping cookies.</summary>
internal static partial class ProviderWalk
{
    /// <summary>Follows the flow from <paramref name="start"/> until a redirect leaves for <paramref name="landing"/>; returns that address.</summary>
    public static async Task<Uri> RunAsync(HttpClient browser, Uri start, string login, Uri landing)
    {
        var next = start;
        HttpContent? form = null;
        for (var step = 0; step < 20; step++)
        {
            using var request = new HttpRequestMessage(form is null ? HttpMethod.Get : HttpMethod.Post, next) { Content = form };
            using var response = await browser.SendAsync(request);
            form = null;
            if (response.Headers.Location is { } location)
            {
                next = location.IsAbsoluteUri ? location : new Uri(next, location);
                if (next.AbsoluteUri.StartsWith(landing.AbsoluteUri, StringComparison.Ordinal))
                {
                    return next;
                }

                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{request.Method} {next}: {html}");
            var match = Form().Match(html);
            Assert.That(match.Success, Is.True, $"No form at {next}: {html}");
            var fields = new Dictionary<string, string>();
            foreach (Match input in Inputs().Matches(match.Groups["body"].Value))
            {
                if (Attribute("name").Match(input.Value) is { Success: true } name)
                {
                    fields[name.Groups[1].Value] = Attribute("value").Match(input.Value) is { Success: true } value ? WebUtility.HtmlDecode(value.Groups[1].Value) : "";
                }
            }

            if (fields.ContainsKey("login"))
            {
                fields["login"] = login;
                fields["password"] = "any password";
            }

            next = new Uri(next, WebUtility.HtmlDecode(match.Groups["action"].Value));
            form = new FormUrlEncodedContent(fields);
        }

        throw new AssertionException("The provider flow did not end within 20 steps.");
    }

    [GeneratedRegex("""<form[^>]*action="(?<action>[^"]+)"[^>]*>(?<body>.*?)</form>""", RegexOptions.Singleline)]
    private static partial Regex Form();

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex Inputs();

    private static Regex Attribute(string name) => new($"\\s{name}=\"([^\"]*)\"");
}
