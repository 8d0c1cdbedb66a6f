using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JustScale.Webhooks.Tests;

/// <summary>A webhook endpoint on real Kestrel that holds each request briefly and notes any message id that arrives while
/// the same id is still in flight (two instances sending one row at once), answering 500 to the first <c>failures</c>.</summary>
public sealed class ConcurrentReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _inFlight = new();
    private readonly ConcurrentQueue<(string Id, string Timestamp, string Signature, string Body, int Status)> _received = new();
    private readonly TimeSpan _hold;
    private readonly TaskCompletionSource _allDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _failures;
    private int _accepted;
    private int _expected = int.MaxValue;

    private ConcurrentReceiver(WebApplication app, TimeSpan hold, int failures)
    {
        _app = app;
        _hold = hold;
        _failures = failures;
    }

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    public int Overlaps { get; private set; }

    public IReadOnlyList<(string Id, string Timestamp, string Signature, string Body, int Status)> Received => [.. _received];

    public static async Task<ConcurrentReceiver> StartAsync(TimeSpan hold, int failures = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new ConcurrentReceiver(app, hold, failures);
        app.MapPost("/hooks", receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = new Uri(new Uri(app.Urls.First()), "/hooks");
        return receiver;
    }

    /// <summary>Completes once <paramref name="count"/> distinct messages were answered 200.</summary>
    public Task AcceptedAsync(int count)
    {
        _expected = count;
        if (Volatile.Read(ref _accepted) >= count)
        {
            _allDone.TrySetResult();
        }

        return _allDone.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var id = context.Request.Headers["webhook-id"].ToString();
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        if (_inFlight.AddOrUpdate(id, 1, (_, n) => n + 1) > 1)
        {
            Overlaps++;
        }

        try
        {
            await Task.Delay(_hold); // the endpoint's work: long enough for a second sender to show up if the claim let it
        }
        finally
        {
            _inFlight.AddOrUpdate(id, 0, (_, n) => n - 1);
        }

        var status = Interlocked.Decrement(ref _failures) >= 0 ? 500 : 200;
        _received.Enqueue((id, context.Request.Headers["webhook-timestamp"].ToString(), context.Request.Headers["webhook-signature"].ToString(), body, status));
        context.Response.StatusCode = status;
        if (status == 200 && Interlocked.Increment(ref _accepted) >= _expected)
        {
            _allDone.TrySetResult();
        }
    }
}
