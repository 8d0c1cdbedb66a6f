using System.Threading.RateLimiting;
using JustScale.Core;

namespace JustScale.Http.RateLimiting;

/// <summary>Holds one server's limiters, one per policy, built at <see cref="HttpHost.Listen"/> and disposed with the server.</summary>
/// <remarks>
/// Each limit of a policy is an ASP.NET Core <see cref="PartitionedRateLimiter{TResource}"/>: in memory, a
/// <see cref="FixedWindowRateLimiter"/> per partition (replenished and evicted by the partitioned limiter's own timer);
/// with an <see cref="IRateLimitStore"/>, a <see cref="StoredFixedWindowRateLimiter"/> per partition. A policy with
/// several limits chains them with <see cref="PartitionedRateLimiter.CreateChained{TResource}"/>.
/// </remarks>
internal sealed class RateLimiters : IAsyncDisposable
{
    private readonly Dictionary<string, Policy> _policies;
    private readonly List<PartitionedRateLimiter<IRequestContext>> _owned;

    private RateLimiters(Dictionary<string, Policy> policies, List<PartitionedRateLimiter<IRequestContext>> owned)
    {
        _policies = policies;
        _owned = owned;
    }

    /// <summary>Gets a server's limiters when the cluster declares no policy.</summary>
    public static RateLimiters None { get; } = new([], []);

    /// <summary>Builds the limiters of every policy; throws when two policies share a name.</summary>
    public static RateLimiters Create(IEnumerable<RateLimitPolicy> policies, IRateLimitStore? store, TimeProvider time)
    {
        var built = new Dictionary<string, Policy>(StringComparer.Ordinal);
        var owned = new List<PartitionedRateLimiter<IRequestContext>>();
        foreach (var policy in policies)
        {
            if (built.ContainsKey(policy.Name))
            {
                throw new JustScaleException($"Rate limit policy {policy.Name} is added to the cluster twice; add each policy once.");
            }

            var limiters = policy.Rules.Select(rule => Partitioned(policy.Name, rule, store, time)).ToArray();
            owned.AddRange(limiters);
            var limiter = limiters.Length switch
            {
                0 => PartitionedRateLimiter.Create<IRequestContext, int>(_ => RateLimitPartition.GetNoLimiter(0)),
                1 => limiters[0],
                _ => PartitionedRateLimiter.CreateChained(limiters),
            };
            if (limiters.Length != 1)
            {
                owned.Add(limiter);
            }

            built.Add(policy.Name, new Policy(limiter, policy.Rejected));
        }

        return built.Count == 0 ? None : new RateLimiters(built, owned);
    }

    /// <summary>Gets whether a policy of this name exists.</summary>
    public bool Contains(string policy) => _policies.ContainsKey(policy);

    /// <summary>Takes one permit of the policy for the request, or runs the policy's rejection callbacks and throws <see cref="TooManyRequestsException"/> (429).</summary>
    public ValueTask AcquireAsync(string policy, IRequestContext context, CancellationToken cancellationToken)
    {
        var limits = _policies[policy];
        var pending = limits.Limiter.AcquireAsync(context, 1, cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            Check(policy, limits.Rejected, context, pending.Result);
            return ValueTask.CompletedTask;
        }

        return AwaitAsync(policy, limits.Rejected, context, pending);

        static async ValueTask AwaitAsync(string policy, Action<IRequestContext>? rejected, IRequestContext context, ValueTask<RateLimitLease> pending) =>
            Check(policy, rejected, context, await pending.ConfigureAwait(false));
    }

    /// <summary>Disposes every limiter.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var limiter in _owned)
        {
            await limiter.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static void Check(string policy, Action<IRequestContext>? rejected, IRequestContext context, RateLimitLease lease)
    {
        using (lease)
        {
            if (!lease.IsAcquired)
            {
                rejected?.Invoke(context);
                throw new TooManyRequestsException(policy, lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null);
            }
        }
    }

    private static PartitionedRateLimiter<IRequestContext> Partitioned(string policy, RateLimitRule rule, IRateLimitStore? store, TimeProvider time)
    {
        var prefix = $"{policy}:{rule.Partition}:";
        if (store is not null)
        {
            Func<PartitionKey, RateLimiter> stored = key => new StoredFixedWindowRateLimiter(store, prefix + key.Value, rule.Limit, time);
            return PartitionedRateLimiter.Create<IRequestContext, PartitionKey>(context =>
                rule.Key(context) is { } value ? RateLimitPartition.Get(new PartitionKey(value), stored) : RateLimitPartition.GetNoLimiter(PartitionKey.None));
        }

        var options = new FixedWindowRateLimiterOptions
        {
            PermitLimit = rule.Limit.PermitLimit,
            Window = rule.Limit.Window,
            QueueLimit = 0,
            AutoReplenishment = false,
        };
        Func<PartitionKey, FixedWindowRateLimiterOptions> local = _ => options;
        return PartitionedRateLimiter.Create<IRequestContext, PartitionKey>(context =>
            rule.Key(context) is { } value ? RateLimitPartition.GetFixedWindowLimiter(new PartitionKey(value), local) : RateLimitPartition.GetNoLimiter(PartitionKey.None));
    }

    /// <summary>Holds a policy's limiter with the callbacks to run for each refused request.</summary>
    private readonly record struct Policy(PartitionedRateLimiter<IRequestContext> Limiter, Action<IRequestContext>? Rejected);

    /// <summary>Names a partition; <see cref="None"/> holds the requests a limit leaves out.</summary>
    private readonly record struct PartitionKey(string? Value)
    {
        public static PartitionKey None => default;
    }
}
