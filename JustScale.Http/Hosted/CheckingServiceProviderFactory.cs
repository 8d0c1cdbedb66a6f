using JustScale.Core;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Http.Hosted;

/// <summary>Builds the host's container as ASP.NET Core would, after checking the cluster's dependencies against the host's registrations.</summary>
/// <remarks>
/// Installed by <c>builder.AddJustScale(...)</c>: JustScale's report (a missing service, or a scoped service captured by a
/// controller, named with the fix) is then what the host shows, in Development before ASP.NET Core's generic
/// ValidateOnBuild message, and in Production, where nothing else would refuse it. The options are the host's defaults:
/// scope and build validation in Development only.
/// </remarks>
internal sealed class CheckingServiceProviderFactory(Cluster cluster, bool development) : IServiceProviderFactory<IServiceCollection>
{
    public IServiceCollection CreateBuilder(IServiceCollection services)
    {
        cluster.CheckDependencies();
        return services;
    }

    public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder) =>
        containerBuilder.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = development, ValidateOnBuild = development });
}
