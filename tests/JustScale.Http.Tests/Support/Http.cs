using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace JustScale.Http.Tests.Support;

/// <summary>Sends requests and reads JSON answers in the tests.</summary>
internal static class Http
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Creates a body of raw bytes declared as <c>application/json</c>.</summary>
    public static ByteArrayContent JsonBytes(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public static async Task<JsonNode?> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync());

    public static async Task<string> ReadTextAsync(this HttpResponseMessage response) =>
        await response.Content.ReadAsStringAsync();

    /// <summary>Creates a body sent with Transfer-Encoding: chunked (no Content-Length).</summary>
    public static HttpContent Chunked(byte[] bytes)
    {
        var content = new StreamContent(new MemoryStream(bytes));
        var chunked = new ChunkedContent(content);
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return chunked;
    }

    /// <summary>Makes a JSON body of exactly <paramref name="size"/> bytes: a string padded with spaces.</summary>
    public static byte[] JsonOfSize(int size)
    {
        var bytes = new byte[size];
        Array.Fill(bytes, (byte)' ');
        "{}"u8.CopyTo(bytes);
        return bytes;
    }

    private sealed class ChunkedContent(HttpContent inner) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => inner.CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
