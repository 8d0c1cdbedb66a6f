namespace JustScale.Http.RateLimiting;

/// <summary>Holds one limit of a policy: its partition name, how to read the key, and the permits per window.</summary>
internal sealed record RateLimitRule(string Partition, Func<IRequestContext, string?> Key, FixedWindowLimit Limit)
{
    /// <summary>Checks a policy or partition name: non-empty letters, digits, '.', '_' or '-'.</summary>
    public static void ValidateName(string name, string parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, parameter);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw new ArgumentException($"Rate limit name \"{name}\" may only contain letters, digits, '.', '_' and '-'.", parameter);
        }
    }
}
