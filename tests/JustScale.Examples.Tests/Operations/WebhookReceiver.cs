using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JustScale.Examples.Tests;

/// <summary>A webhook endpoint on real Kestrel (127.0.0.1, a free port) that records every delivery and answers 500 to the first <c>failures</c>.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<Received> _received = [];
    private readonly int _failures;
    private readonly List<(Func<Received, bool> Match, TaskCompletionSource<Received> Done)> _waiters = [];
    private readonly List<(int Count, TaskCompletionSource<Received> Done)> _counters = [];

    private WebhookReceiver(WebApplication app, int failures)
    {
        _app = app;
        _failures = failures;
    }

    /// <summary>Gets the URL to configure as the endpoint.</summary>
    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Gets a copy of every delivery so far, in arrival order.</summary>
    public IReadOnlyList<Received> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<WebhookReceiver> StartAsync(int failures)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, failures);
        app.MapPost("/hooks", receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = new Uri(new Uri(app.Urls.First()), "/hooks");
        return receiver;
    }

    /// <summary>Completes once <paramref name="count"/> deliveries have arrived (whatever was answered).</summary>
    public Task CountAsync(int count)
    {
        lock (_received)
        {
            if (_received.Count >= count)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource<Received>(TaskCreationOptions.RunContinuationsAsynchronously);
            _counters.Add((count, waiter));
            return waiter.Task;
        }
    }

    /// <summary>Completes with the first delivery answered 200 that matches, already received or still to come.</summary>
    public Task<Received> AcceptedAsync(Func<Received, bool> match)
    {
        lock (_received)
        {
            if (_received.FirstOrDefault(r => r.Status == HttpStatusCode.OK && match(r)) is { } done)
            {
                return Task.FromResult(done);
            }

            var waiter = new TaskCompletionSource<Received>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, waiter));
            return waiter.Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers;
        Received received;
        List<TaskCompletionSource<Received>> done;
        lock (_received)
        {
            var status = _received.Count < _failures ? HttpStatusCode.InternalServerError : HttpStatusCode.OK;
            received = new Received(headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(), headers["webhook-signature"].ToString(), body, status);
            _received.Add(received);
            done = [.. _waiters.Where(w => status == HttpStatusCode.OK && w.Match(received)).Select(w => w.Done)];
            _waiters.RemoveAll(w => done.Contains(w.Done));
            done.AddRange(_counters.Where(c => _received.Count >= c.Count).Select(c => c.Done));
            _counters.RemoveAll(c => _received.Count >= c.Count);
        }

        context.Response.StatusCode = (int)received.Status;
        foreach (var waiter in done)
        {
            waiter.TrySetResult(received);
        }
    }
}
