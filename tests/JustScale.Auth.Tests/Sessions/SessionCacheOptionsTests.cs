using JustScale.Core;
using Microsoft.Extensions.Configuration;

namespace JustScale.Auth.Tests.Sessions;

/// <summary>Tests the session cache options: defaults, configuration keys, and what turns the cache off.</summary>
[TestFixture]
public sealed class SessionCacheOptionsTests
{
    private static IConfiguration Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("JustScale:Auth:" + v.Key, v.Value)))
            .Build()
            .GetSection("JustScale:Auth");

    [Test]
    public void Defaults_ThirtySecondsAndTenThousand_On()
    {
        var options = new AuthOptions().SessionCache;

        Assert.That(options.MaxAge, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(options.MaxEntries, Is.EqualTo(10_000));
        Assert.That(options.Enabled, Is.True);
    }

    [TestCase("SessionCache:MaxAge", "00:00:00")]
    [TestCase("SessionCache:MaxEntries", "0")]
    public void Bind_ZeroBound_TurnsTheCacheOff(string key, string value)
    {
        var options = new AuthOptions().Bind(Section((key, value)));

        Assert.That(options.SessionCache.Enabled, Is.False);
    }

    [Test]
    public void Bind_MaxAgeAndEntries_Read()
    {
        var options = new AuthOptions().Bind(Section(("SessionCache:MaxAge", "00:00:05"), ("SessionCache:MaxEntries", "500")));

        Assert.That(options.SessionCache.MaxAge, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(options.SessionCache.MaxEntries, Is.EqualTo(500));
    }

    [Test]
    public void Bind_NegativeEntries_FailsNamingTheSection()
    {
        var error = Assert.Throws<JustScaleException>(() => new AuthOptions().Bind(Section(("SessionCache:MaxEntries", "-1"))));

        Assert.That(error!.Message, Does.Contain("JustScale:Auth").And.Contain("MaxEntries"));
    }
}
