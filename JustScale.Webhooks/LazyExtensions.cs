namespace JustScale.Webhooks;

/// <summary>Turns a lazy value into a factory that builds it once, at first call.</summary>
internal static class LazyExtensions
{
    public static Func<T> AsFactory<T>(this Lazy<T> lazy) => () => lazy.Value;
}
