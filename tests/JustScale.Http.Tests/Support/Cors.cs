namespace JustScale.Http.Tests.Support;

/// <summary>Sends what a browser sends before a cross-origin request with a JSON body and an Authorization header.</summary>
internal static class Cors
{
    public static Task<HttpResponseMessage> PreflightAsync(this HttpClient client, string path, string origin, string method = "POST")
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "content-type,authorization");
        return client.SendAsync(request);
    }
}
