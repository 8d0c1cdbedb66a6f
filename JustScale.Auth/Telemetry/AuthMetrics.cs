using System.Diagnostics.Metrics;

namespace JustScale.Auth;

/// <summary>Holds the counters of the <c>JustScale.Auth</c> meter, named and annotated in OpenTelemetry's semantic-convention style.</summary>
/// <remarks>
/// One meter per container, from its <see cref="IMeterFactory"/> as Kestrel's: each app (each test's too) has its own, and a
/// counter costs one volatile read while nobody listens. Tags hold only fixed words and policy names, never anything a user typed.
/// </remarks>
internal sealed class AuthMetrics
{
    /// <summary>Names the tag that says how a login or registration ended: <see cref="Succeeded"/> or <see cref="Failed"/>.</summary>
    public const string ResultTag = "justscale.auth.result";

    /// <summary>Names the tag that says why sessions ended: <see cref="Revoked"/> or <see cref="Expired"/>.</summary>
    public const string ReasonTag = "justscale.auth.reason";

    /// <summary>Names the tag that holds the name of the rate limit policy that refused a request.</summary>
    public const string PolicyTag = "justscale.auth.policy";

    /// <summary>Holds the result of a login that returned a user, or a registration that created one.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Holds the result of a login that returned null, or a registration refused for a taken email.</summary>
    public const string Failed = "failed";

    /// <summary>Holds the reason of sessions deleted by logout, logout everywhere or the application.</summary>
    public const string Revoked = "revoked";

    /// <summary>Holds the reason of sessions deleted because they expired (by the sweep, or when an expired token is looked up).</summary>
    public const string Expired = "expired";

    private readonly Counter<long>? _logins, _registrations, _sessionsCreated, _sessionsRevoked, _hashesQueued, _hashesShed, _rateLimited;

    /// <summary>Creates the counters on the meter <paramref name="meterFactory"/> makes (the container's, disposed with it); without a factory nothing is counted.</summary>
    /// <remarks>Meters cache their instruments, so services that each create these counters from one factory share them.</remarks>
    public AuthMetrics(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(new MeterOptions(AuthTelemetry.Name) { Version = AuthTelemetry.Version });
        _logins = meter?.CreateCounter<long>("justscale.auth.logins", "{login}", "Counts password logins by result: succeeded (a user was returned) or failed (wrong email, password or a disabled user).");
        _registrations = meter?.CreateCounter<long>("justscale.auth.registrations", "{registration}", "Counts registrations by result: succeeded (a user was created) or failed (the email was already registered).");
        _sessionsCreated = meter?.CreateCounter<long>("justscale.auth.sessions.created", "{session}", "Counts sessions created.");
        _sessionsRevoked = meter?.CreateCounter<long>("justscale.auth.sessions.revoked", "{session}", "Counts sessions deleted, by reason: revoked (logout, logout everywhere) or expired.");
        _hashesQueued = meter?.CreateCounter<long>("justscale.auth.password_hashes.queued", "{hash}", "Counts password hashes and verifications that entered the bounded scrypt queue, shed ones included.");
        _hashesShed = meter?.CreateCounter<long>("justscale.auth.password_hashes.shed", "{hash}", "Counts password hashes and verifications refused because every scrypt slot stayed busy for the whole queue wait (503).");
        _rateLimited = meter?.CreateCounter<long>("justscale.auth.rate_limited", "{request}", "Counts requests refused with 429 by the login and registration rate limits, by policy.");
    }

    /// <summary>Counts one login, succeeded when it returned a user.</summary>
    public void Login(bool succeeded) => _logins?.Add(1, new KeyValuePair<string, object?>(ResultTag, succeeded ? Succeeded : Failed));

    /// <summary>Counts one registration: succeeded when a user was created, failed when the email was taken.</summary>
    public void Registration(bool succeeded) => _registrations?.Add(1, new KeyValuePair<string, object?>(ResultTag, succeeded ? Succeeded : Failed));

    /// <summary>Counts one created session.</summary>
    public void SessionCreated() => _sessionsCreated?.Add(1);

    /// <summary>Counts deleted sessions for a reason; nothing when none was deleted.</summary>
    public void SessionsEnded(int count, string reason)
    {
        if (count > 0)
        {
            _sessionsRevoked?.Add(count, new KeyValuePair<string, object?>(ReasonTag, reason));
        }
    }

    /// <summary>Counts one hash or verification asking the bounded scrypt queue for a slot.</summary>
    public void HashQueued() => _hashesQueued?.Add(1);

    /// <summary>Counts one hash or verification refused as overload.</summary>
    public void HashShed() => _hashesShed?.Add(1);

    /// <summary>Counts one request refused by an auth rate limit policy.</summary>
    public void RequestRateLimited(string policy) => _rateLimited?.Add(1, new KeyValuePair<string, object?>(PolicyTag, policy));
}
