using System.Threading.RateLimiting;
using JustScale.Core;

namespace JustScale.Http.RateLimiting;

/// <summary>Holds one server's limiters, one per policy, built at <see cref="HttpHost.Listen"/> and disposed with the server.</summary>
/// <remarks>
/// Every limit of every policy is a partition of one ASP.NET Core <see cref="PartitionedRateLimiter{TResource}"/>, keyed by
/// the limit and the request's key, seen by each limit through <see cref="PartitionedRateLimiter{TResource}.WithTranslatedKey{TOuter}"/>:
/// in memory, a <see cref="FixedWindowRateLimiter"/> per partition; with an <see cref="IRateLimitStore"/>, a
/// <see cref="StoredFixedWindowRateLimiter"/> per partition. One partitioned limiter means one timer (it replenishes and evicts
/// every 100 ms, also while the server is idle) instead of one per limit: the example's sixteen made 160 thread-pool work items a
/// second while nothing happened. A policy with several limits chains them with <see cref="PartitionedRateLimiter.CreateChained{TResource}"/>.
/// </remarks>
internal sealed class RateLimiters : IAsyncDisposable
{
    private readonly Dictionary<string, Policy> _policies;
    private readonly List<PartitionedRateLimiter<IRequestContext>> _owned;
    private readonly PartitionedRateLimiter<RuleKey>? _shared;

    private RateLimiters(Dictionary<string, Policy> policies, List<PartitionedRateLimiter<IRequestContext>> owned, PartitionedRateLimiter<RuleKey>? shared)
    {
        _policies = policies;
        _owned = owned;
        _shared = shared;
    }

    /// <summary>Gets a server's limiters when the cluster declares no policy.</summary>
    public static RateLimiters None { get; } = new([], [], null);

    /// <summary>Builds the limiters of every policy; throws when two policies share a name.</summary>
    public static RateLimiters Create(IEnumerable<RateLimitPolicy> policies, IRateLimitStore? store, TimeProvider time)
    {
        var built = new Dictionary<string, Policy>(StringComparer.Ordinal);
        var owned = new List<PartitionedRateLimiter<IRequestContext>>();
        PartitionedRateLimiter<RuleKey>? shared = null;
        foreach (var policy in policies)
        {
            if (built.ContainsKey(policy.Name))
            {
                throw new JustScaleException($"Rate limit policy {policy.Name} is added to the cluster twice; add each policy once.");
            }

            shared ??= Shared(store, time);
            var limiters = policy.Rules.Select(rule => Limit(shared, new RuleLimits(policy.Name, rule))).ToArray();
            var limiter = limiters.Length switch
            {
                0 => shared.WithTranslatedKey<IRequestContext>(_ => default, leaveOpen: true), // no rule: the no-limit partition
                1 => limiters[0],
                _ => PartitionedRateLimiter.CreateChained(limiters),
            };
            owned.AddRange(limiters);
            if (limiters.Length != 1)
            {
                owned.Add(limiter);
            }

            built.Add(policy.Name, new Policy(limiter, policy.Rejected));
        }

        return built.Count == 0 ? None : new RateLimiters(built, owned, shared);
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

        if (_shared is not null)
        {
            await _shared.DisposeAsync().ConfigureAwait(false);
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

    /// <summary>Creates the one partitioned limiter of a server: a partition per limit and key, none for a request a limit leaves out.</summary>
    private static PartitionedRateLimiter<RuleKey> Shared(IRateLimitStore? store, TimeProvider time)
    {
        Func<RuleKey, FixedWindowRateLimiterOptions> local = key => key.Rule!.Options;
        Func<RuleKey, RateLimiter> stored = key => new StoredFixedWindowRateLimiter(store!, key.Rule!.Prefix + key.Value, key.Rule.Limit, time);
        return PartitionedRateLimiter.Create<RuleKey, RuleKey>(key => key switch
        {
            { Value: null } => RateLimitPartition.GetNoLimiter(key),
            _ when store is null => RateLimitPartition.GetFixedWindowLimiter(key, local),
            _ => RateLimitPartition.Get(key, stored),
        });
    }

    /// <summary>Views the shared limiter as one limit: the request's key under this limit's partitions.</summary>
    private static PartitionedRateLimiter<IRequestContext> Limit(PartitionedRateLimiter<RuleKey> shared, RuleLimits limits) =>
        shared.WithTranslatedKey<IRequestContext>(context => limits.Rule.Key(context) is { } value ? new RuleKey(limits, value) : default, leaveOpen: true);

    /// <summary>Holds a policy's limiter with the callbacks to run for each refused request.</summary>
    private readonly record struct Policy(PartitionedRateLimiter<IRequestContext> Limiter, Action<IRequestContext>? Rejected);

    /// <summary>Names a partition: a limit and a request's key; the default holds the requests a limit leaves out.</summary>
    private readonly record struct RuleKey(RuleLimits? Rule, string? Value);

    /// <summary>Holds what the partitions of one limit share: its store key prefix and its window.</summary>
    private sealed class RuleLimits(string policy, RateLimitRule rule)
    {
        public RateLimitRule Rule { get; } = rule;

        public string Prefix { get; } = $"{policy}:{rule.Partition}:";

        public FixedWindowLimit Limit => Rule.Limit;

        public FixedWindowRateLimiterOptions Options { get; } = new()
        {
            PermitLimit = rule.Limit.PermitLimit,
            Window = rule.Limit.Window,
            QueueLimit = 0,
            AutoReplenishment = false,
        };
    }
}
