using JustScale.Auth;
using JustScale.Core;
using JustScale.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JustScale.Webhooks;

/// <summary>Adds webhooks: every auth event an endpoint wants is written to an outbox in the change's transaction, then
/// delivered at least once, signed per Standard Webhooks, retried with back-off, dead-lettered after the last try.</summary>
/// <remarks>Needs <see cref="AuthFeature"/> and a repository for <see cref="WebhookDelivery"/> (PostgreSQL:
/// <c>PgRepository.Create(PgModel.Create&lt;WebhookDelivery&gt;(new PgModelOptions { Table = "webhook_deliveries" }))</c>, whose
/// rows are then claimed with <c>FOR UPDATE SKIP LOCKED</c>). Settings come from <c>JustScale:Webhooks</c>
/// (<see cref="WebhooksOptions"/>), then <paramref name="configure"/>. Admin routes: <c>/admin/webhooks/deliveries</c>.</remarks>
/// <param name="configure">Adjusts the options after the configuration was bound; none when null.</param>
public sealed class WebhooksFeature(Action<WebhooksOptions>? configure = null) : Feature
{
    /// <inheritdoc />
    public override void Configure(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var probe = new WebhooksOptions();
        configure?.Invoke(probe);
        context
            .Require<UserService>()
            .Require<IRepository<WebhookDelivery>>()
            .Provide(services => Options(services.GetRequiredService<IConfiguration>()), typeof(IConfiguration))
            .Provide<WebhookDeliveries>()
            .Provide(
                services => new WebhookDispatcher(
                    new Lazy<IWebhookClaimer>(() => ClaimerFor(services)),
                    services.GetRequiredService<WebhookDeliveries>(),
                    services.GetRequiredService<WebhooksOptions>(),
                    services.GetRequiredService<TimeProvider>(),
                    services.GetRequiredService<ILogger<WebhookDispatcher>>()),
                typeof(WebhookDeliveries), typeof(WebhooksOptions))
            .Contribute<IAuthEventRecorder>(
                services => new WebhookOutbox(
                    services.GetRequiredService<IRepository<WebhookDelivery>>(),
                    services.GetRequiredService<WebhooksOptions>(),
                    services.GetRequiredService<WebhookDispatcher>()),
                typeof(IRepository<WebhookDelivery>), typeof(WebhooksOptions), typeof(WebhookDispatcher))
            .Add(WebhookRoutes.Admin(probe.AdminPrefix));
    }

    // PostgreSQL's SKIP LOCKED claim when the outbox is a PgRepository, the repository's conditional claim otherwise.
    private static IWebhookClaimer ClaimerFor(IServiceProvider services)
    {
        var repository = services.GetRequiredService<IRepository<WebhookDelivery>>();
        return services.GetService<PostgresClient>()?.Models.OfType<PgModel<WebhookDelivery>>().FirstOrDefault() is { } model
            ? new PgWebhookClaimer(services.GetRequiredService<PostgresClient>(), model, repository)
            : new RepositoryWebhookClaimer(repository);
    }

    private WebhooksOptions Options(IConfiguration configuration)
    {
        var options = new WebhooksOptions();
        configuration.GetSection(WebhooksOptions.Section).Bind(options);
        configure?.Invoke(options);
        options.Validate();
        return options;
    }
}
