using System.Collections.Concurrent;
using System.Diagnostics;

namespace JustScale.Reliability.Tests;

/// <summary>Keeps a mix of requests flowing from several workers (registrations, logins, authenticated reads, the
/// anonymous feed) and records every outcome, for tests that break the database underneath.</summary>
internal sealed class RequestMix : IAsyncDisposable
{
    private readonly ApiClient _client;
    private readonly (string Email, string Token)[] _users;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;

    private RequestMix(ApiClient client, (string Email, string Token)[] users, int workers)
    {
        _client = client;
        _users = users;
        _workers = [.. Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(w)))];
    }

    /// <summary>Gets every outcome so far.</summary>
    public ConcurrentQueue<Outcome> Outcomes { get; } = new();

    /// <summary>Gets the emails registered during the mix, with the status each registration got.</summary>
    public ConcurrentQueue<(string Email, int Status)> Registered { get; } = new();

    /// <summary>Starts the workers; <paramref name="users"/> are logged in and read with their tokens.</summary>
    public static RequestMix Start(ApiClient client, (string Email, string Token)[] users, int workers) => new(client, users, workers);

    /// <summary>Stops the workers and waits for their last requests.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _stop.Dispose();
    }

    private async Task WorkAsync(int worker)
    {
        for (var n = worker; !_stop.IsCancellationRequested; n++)
        {
            var user = _users[n % _users.Length];
            var started = Stopwatch.GetTimestamp();
            var kind = (n % 6) switch { 0 => "register", 1 => "login", 2 => "feed", 3 => "personal feed", _ => "profile" };
            try
            {
                var answer = await SendAsync(kind, user);
                Outcomes.Enqueue(new Outcome(kind, started, answer.Code, answer.Error, answer.RetryAfter, answer.Elapsed, null));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                Outcomes.Enqueue(new Outcome(kind, started, 0, null, null, Stopwatch.GetElapsedTime(started), $"{ex.GetType().Name}: {ex.Message}"));
            }

            await Task.Delay(10);
        }
    }

    private async Task<ApiResponse> SendAsync(string kind, (string Email, string Token) user)
    {
        switch (kind)
        {
            case "register":
                var email = $"during-{Guid.NewGuid():N}@example.com";
                var answer = await _client.PostAsync("/auth/register", new { email, password = ApiClient.Password });
                Registered.Enqueue((email, answer.Code));
                return answer;
            case "login":
                return await _client.PostAsync("/auth/login", new { email = user.Email, password = ApiClient.Password });
            case "feed":
                return await _client.GetAsync("/feed");
            case "personal feed":
                return await _client.GetAsync("/feed", user.Token);
            default:
                return await _client.GetAsync("/profile", user.Token);
        }
    }

    /// <summary>One request: its kind, when it started (Stopwatch ticks), status (0: no answer), error, Retry-After, duration, failure.</summary>
    internal sealed record Outcome(string Kind, long Started, int Status, string? Error, TimeSpan? RetryAfter, TimeSpan Elapsed, string? Failure)
    {
        /// <summary>Gets when the answer arrived (Stopwatch ticks).</summary>
        public long Ended => Started + (long)(Elapsed.TotalSeconds * Stopwatch.Frequency);

        /// <summary>Gets whether the request needs the database (everything but the anonymous feed).</summary>
        public bool NeedsDatabase => Kind != "feed";
    }
}
