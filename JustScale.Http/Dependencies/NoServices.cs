namespace JustScale.Http.Dependencies;

/// <summary>Provides no service at all: stands for the services of a controller that needs none, or of a factory called before the host's container exists.</summary>
internal sealed class NoServices : IServiceProvider
{
    public static readonly NoServices Instance = new();

    public object? GetService(Type serviceType) => null;
}
