using JustScale.Core;
using Microsoft.Extensions.Configuration;
using JustScale.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Auth;

/// <summary>Adds the persisted audit trail: every auth event stored with the change it records, <c>GET /account/activity</c>,
/// <c>GET /admin/audit</c> (role admin), and a retention sweeper.</summary>
/// <remarks>Needs <see cref="AuthFeature"/> and a repository for <see cref="AuditEntry"/> (PostgreSQL:
/// <c>PgRepository.Create(PgModel.Create&lt;AuditEntry&gt;(new PgModelOptions { Table = "audit_events" }))</c>). Settings come from
/// <c>JustScale:Audit</c> (<see cref="AuditOptions"/>), then <paramref name="configure"/>.</remarks>
/// <param name="configure">Adjusts the options after the configuration was bound; none when null.</param>
public sealed class AuditFeature(Action<AuditOptions>? configure = null) : Feature
{
    /// <inheritdoc />
    public override void Configure(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var probe = new AuditOptions();
        configure?.Invoke(probe);
        context
            .Require<UserService>()
            .Require<IRepository<AuditEntry>>()
            .Provide(services => Options(services.GetRequiredService<IConfiguration>()), typeof(IConfiguration))
            .Provide<AuditLog>()
            .Contribute<IAuthEventRecorder>(services => new AuditRecorder(services.GetRequiredService<AuditLog>()), typeof(AuditLog))
            .Provide<AuditRetentionSweeper>()
            .Add(AuditRoutes.Account(probe.AccountPrefix))
            .Add(AuditRoutes.Admin(probe.AdminPrefix));
    }

    private AuditOptions Options(IConfiguration configuration)
    {
        var options = new AuditOptions();
        configuration.GetSection(AuditOptions.Section).Bind(options);
        configure?.Invoke(options);
        options.Validate();
        return options;
    }
}
