using JustScale.Core;

namespace JustScale.Http;

/// <summary>Reports a request refused by a rate limit; answered 429 <c>{"error":"Too Many Requests"}</c> with Retry-After.</summary>
/// <remarks>Thrown by a route's <c>.RateLimit(policy)</c> step; a cluster middleware may catch it to answer otherwise.</remarks>
public sealed class TooManyRequestsException : JustScaleException
{
    /// <summary>Creates the exception for a policy, with the time until a permit is available when known.</summary>
    public TooManyRequestsException(string policy, TimeSpan? retryAfter)
        : base("Too Many Requests", 429)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
        RetryAfter = retryAfter;
    }

    /// <summary>Gets the name of the policy that refused the request.</summary>
    public string Policy { get; }
}
