using System.Diagnostics;
using System.Net;
using CompleteExample;
using JustScale.Auth;
using JustScale.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace JustScale.Examples.Tests.Hosting;

/// <summary>Wires OpenTelemetry into the hosted example as docs/hosting.md shows it, and finds JustScale's metrics and traces in the exporters.</summary>
/// <remarks>
/// The meter and sources are process-wide, so other fixtures running in parallel may add to the counts; the assertions are lower bounds.
/// JustScale's spans are children of ASP.NET Core's request activity, which exists even unsampled (hosting creates it for its
/// log scopes): with only JustScale's sources added, OpenTelemetry's default sampler (parent-based) records none of them.
/// </remarks>
[TestFixture]
public sealed class TelemetryWiringTests
{
    private readonly ExportedItems<Metric> _exportedMetrics = new();
    private readonly ExportedItems<Activity> _exportedActivities = new();
    private WebApplication _app = null!;

    [OneTimeSetUp]
    public async Task StartExample()
    {
        var exportedMetrics = _exportedMetrics;
        var exportedActivities = _exportedActivities;
        _app = ExampleHost.Build(["--port", "0"], builder =>
        {
            // OpenTelemetry wiring (docs/hosting.md)
            builder.Services.AddOpenTelemetry()
                .WithMetrics(metrics => metrics.AddMeter(AuthTelemetry.Name).AddInMemoryExporter(exportedMetrics))
                .WithTracing(tracing => tracing
                    .AddSource("Microsoft.AspNetCore") // the request spans: without them (or AddAspNetCoreInstrumentation) the default parent-based sampler drops JustScale's spans
                    .AddSource(AuthTelemetry.Name, PostgresTelemetry.Name)
                    .AddInMemoryExporter(exportedActivities));
        });
        await _app.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopExample()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    [Test]
    public async Task OpenTelemetry_RegisterThenWrongLogin_ExportsCountersAndTheRegisterSpan()
    {
        using var client = new ApiClient(new Uri(_app.Urls.First()));
        var email = $"otel-{Guid.NewGuid():N}@example.com";
        await client.RegisterAsync(email);
        var (wrongStatus, _) = await client.PostAsync("/auth/login", new { email, password = "not the password" });

        var flushed = _app.Services.GetRequiredService<MeterProvider>().ForceFlush(timeoutMilliseconds: 10_000);
        _app.Services.GetRequiredService<TracerProvider>().ForceFlush(timeoutMilliseconds: 10_000);

        Assert.That(wrongStatus, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(flushed, Is.True);
        Assert.That(Sum("justscale.auth.logins", "failed"), Is.GreaterThanOrEqualTo(1));
        Assert.That(Sum("justscale.auth.registrations", "succeeded"), Is.GreaterThanOrEqualTo(1));
        var activities = _exportedActivities.Snapshot();
        var requestSpans = activities.Where(a => a.Source.Name == "Microsoft.AspNetCore").Select(a => a.SpanId).ToHashSet();
        var registerSpans = activities.Where(a => a.OperationName == "justscale.auth.register").ToList();
        Assert.That(registerSpans, Is.Not.Empty);
        Assert.That(registerSpans.Select(a => requestSpans.Contains(a.ParentSpanId)), Has.Some.True, "a register span is a child of its request's span");
    }

    /// <summary>Adds up the exported points of a counter whose <c>justscale.auth.result</c> tag is <paramref name="result"/>.</summary>
    private long Sum(string name, string result)
    {
        var total = 0L;
        foreach (var metric in _exportedMetrics.Snapshot().Where(m => m.Name == name).Distinct())
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                foreach (var tag in point.Tags)
                {
                    if (tag.Key == "justscale.auth.result" && Equals(tag.Value, result))
                    {
                        total += point.GetSumLong();
                    }
                }
            }
        }

        return total;
    }
}
