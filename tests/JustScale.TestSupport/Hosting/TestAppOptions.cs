using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JustScale.Testing;

/// <summary>Says how a <see cref="TestApp"/> is hosted: its store, configuration, clock, host services and pipeline.</summary>
public sealed class TestAppOptions
{
    /// <summary>Gets or sets the store; the in-memory one by default.</summary>
    public TestStore Store { get; set; } = TestStore.InMemory;

    /// <summary>Gets the configuration keys the host reads (<c>JustScale:Auth:SessionTtl</c>, say); they override every other source.</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets a callback that adds configuration sources after <see cref="Settings"/> (an environment variable source); they win over it.</summary>
    public Action<IConfigurationBuilder>? Configuration { get; set; }

    /// <summary>Gets or sets the host's application name; JustScale.TestSupport (TestApp's assembly, as WebApplicationFactory names it) when null.</summary>
    public string? ApplicationName { get; set; }

    /// <summary>Gets or sets the host's clock (a FakeTimeProvider in tests that move time); the system clock when null.</summary>
    public TimeProvider? Time { get; set; }

    /// <summary>Gets or sets the host's environment name; Production by default, as a deployed app.</summary>
    public string Environment { get; set; } = "Production";

    /// <summary>Gets or sets whether the app listens on real Kestrel (a free loopback port); otherwise it runs on the in-memory TestServer.</summary>
    public bool Kestrel { get; set; } = true;

    /// <summary>Gets or sets a callback that adds services to the host (observers, options).</summary>
    public Action<IServiceCollection>? Services { get; set; }

    /// <summary>Gets or sets a callback that adds log providers; the host logs nowhere otherwise.</summary>
    public Action<ILoggingBuilder>? Logging { get; set; }

    /// <summary>Gets or sets a callback that adds middleware before routing (and so before the JustScale routes).</summary>
    public Action<IApplicationBuilder>? Pipeline { get; set; }

    /// <summary>Gets or sets a callback that maps host endpoints beside the JustScale routes (minimal APIs, hubs).</summary>
    public Action<IEndpointRouteBuilder>? Endpoints { get; set; }
}
