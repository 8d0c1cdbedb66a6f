using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using JustScale.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JustScale.Webhooks;

/// <summary>Delivers the outbox: claims due deliveries, POSTs each signed, and records the outcome (delivered, retry later, or dead).</summary>
/// <remarks>A BackgroundService that the cluster starts and stops (IClusterLifecycle), hosted or not. Every instance runs one;
/// the claim gives each row to one of them at a time. All its state is in the table, so a restart resumes where it stopped:
/// a delivery held by a process that died is claimed again once its hold (<see cref="WebhooksOptions.Lease"/>) runs out.</remarks>
internal sealed partial class WebhookDispatcher(
    Lazy<IWebhookClaimer> claimer, WebhookDeliveries deliveries, WebhooksOptions options, TimeProvider timeProvider, ILogger<WebhookDispatcher> logger,
    HttpMessageHandler? handler = null) : BackgroundService, IClusterLifecycle
{
    private readonly WebhooksOptions _options = options;
    private readonly HttpClient _http = new(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = options.Timeout,
        DefaultRequestHeaders = { UserAgent = { new ProductInfoHeaderValue("JustScale-Webhooks", "1.0") } },
    };

    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Gets how many attempts this dispatcher made (successful or not); for tests and diagnostics.</summary>
    public int Attempts => _attempts;

    private int _attempts;

    public ValueTask OnStartAsync(CancellationToken cancellationToken) =>
        _options.Endpoints.Count == 0 ? ValueTask.CompletedTask : new(StartAsync(cancellationToken));

    public ValueTask OnStopAsync(CancellationToken cancellationToken) => new(StopAsync(cancellationToken));

    /// <summary>Makes an idle dispatcher look for due deliveries now (a commit wrote some).</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    /// <summary>Claims one batch and delivers it; returns how many were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Timestamps.Now(timeProvider);
        var lockedUntil = Timestamps.Normalize(now + _options.Lease);
        var claimed = await claimer.Value.ClaimAsync(now, lockedUntil, _options.BatchSize, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(claimed.Select(delivery => DeliverAsync(delivery, cancellationToken))).ConfigureAwait(false);
        return claimed.Count;
    }

    public override void Dispose()
    {
        _http.Dispose();
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogClaimFailed(ex);
            }

            if (claimed == 0)
            {
                // Until woken by a commit here, or the poll interval passed (the clock's own timer: a cancelled wait leaves no waiter
                // behind), or stopping, which ends the loop; an ended wait throws nothing, so an idle dispatcher raises no exception per poll.
                using var poll = new CancellationTokenSource(_options.PollInterval, timeProvider);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(poll.Token, stoppingToken);
                await _wake.WaitAsync(either.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task DeliverAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        var endpoint = _options.Endpoints.FirstOrDefault(e => string.Equals(e.Url, delivery.Url, StringComparison.Ordinal));
        var error = endpoint is null ? "endpoint no longer configured" : await SendAsync(delivery, endpoint, cancellationToken).ConfigureAwait(false);

        var now = Timestamps.Now(timeProvider);
        if (error is null)
        {
            await deliveries.MarkDeliveredAsync(delivery, now, cancellationToken).ConfigureAwait(false);
            LogDelivered(delivery.MessageId, delivery.Type, delivery.Attempts);
            return;
        }

        var delays = _options.EffectiveRetryDelays;
        if (endpoint is null || delivery.Attempts > delays.Count)
        {
            await deliveries.MarkDeadAsync(delivery, error, cancellationToken).ConfigureAwait(false);
            LogDead(delivery.MessageId, delivery.Type, delivery.Attempts, error);
            return;
        }

        var delay = Jittered(delays[delivery.Attempts - 1]);
        await deliveries.ScheduleRetryAsync(delivery, Timestamps.Normalize(now + delay), error, cancellationToken).ConfigureAwait(false);
        LogRetry(delivery.MessageId, delivery.Type, delivery.Attempts, error, delay);
    }

    // Returns null when the endpoint answered 2xx, else what went wrong (never a secret, never the body).
    private async Task<string?> SendAsync(WebhookDelivery delivery, WebhookEndpointOptions endpoint, CancellationToken cancellationToken)
    {
        var timestamp = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("webhook-id", delivery.MessageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSignature.Sign(endpoint.Secret, delivery.MessageId, timestamp, delivery.Payload));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException ex)
        {
            return ex.HttpRequestError == HttpRequestError.Unknown ? "request failed" : $"request failed: {ex.HttpRequestError}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {_options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
        }
    }

    private TimeSpan Jittered(TimeSpan delay)
    {
        if (_options.Jitter <= 0 || delay <= TimeSpan.Zero)
        {
            return delay;
        }

        // A factor from 1 - jitter to 1 + jitter, from the CSPRNG (no shared Random across threads).
        var unit = RandomNumberGenerator.GetInt32(0, 1_000_001) / 1_000_000d;
        return delay * (1 - _options.Jitter + (2 * _options.Jitter * unit));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {MessageId} ({Type}) delivered at attempt {Attempt}")]
    private partial void LogDelivered(string messageId, string type, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {MessageId} ({Type}) attempt {Attempt} failed ({Error}); retrying in {Delay}")]
    private partial void LogRetry(string messageId, string type, int attempt, string error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {MessageId} ({Type}) dead-lettered after {Attempt} attempts ({Error})")]
    private partial void LogDead(string messageId, string type, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook claim failed; retrying at the next poll")]
    private partial void LogClaimFailed(Exception exception);
}
