using JustScale.Core;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Permissions;

/// <summary>Adds organizations: <see cref="OrganizationService"/>, the <see cref="OrganizationPrincipals"/> provider, the organization
/// permissions' checker and the routes (<c>/orgs</c>).</summary>
/// <remarks>Needs <see cref="PermissionsFeature"/>, the repositories of <see cref="Organization"/>, <see cref="Membership"/> and <see cref="Invitation"/>, and
/// <c>AuthEndpointsFeature</c> (its mail sender and public URL); Build names whichever is missing.</remarks>
public sealed class OrganizationsFeature : Feature
{
    private readonly OrganizationOptions _options = new();

    /// <summary>Creates the feature; <paramref name="configure"/> may change the options.</summary>
    public OrganizationsFeature(Action<OrganizationOptions>? configure = null)
    {
        configure?.Invoke(_options);
        if (_options.InvitationTtl <= TimeSpan.Zero)
        {
            throw new ArgumentException("InvitationTtl must be positive.", nameof(configure));
        }
    }

    /// <inheritdoc />
    public override void Configure(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context
            .Require<IRepository<Organization>>()
            .Require<IRepository<Membership>>()
            .Require<IRepository<Invitation>>()
            .Provide(_options)
            .Provide<OrganizationService>()
            .Require(typeof(PrincipalResolver), Name, ".Add(new PermissionsFeature())")
            .Provide<PermissionChecker<Organization>>()
            .Provide<OrganizationPrincipals>()
            .Contribute<IPrincipalProvider>(services => services.GetRequiredService<OrganizationPrincipals>(), typeof(OrganizationPrincipals))
            .Add(OrganizationRoutes.Create(_options));
    }
}
