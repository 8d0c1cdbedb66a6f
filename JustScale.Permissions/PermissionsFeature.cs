using JustScale.Core;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Permissions;

/// <summary>Provides permission checks: the principal resolver, <see cref="PermissionService"/>, the guards' checkers of the models given to
/// <see cref="For{TModel}"/>, the principal providers, and <see cref="GrantService"/> when grants are stored.</summary>
/// <remarks>Add after the model repositories: <c>.Add(new PermissionsFeature().For&lt;Project&gt;().WithGrants())</c>. A guard
/// <c>.Guard(Project.Can.Edit)</c> in a cluster without <c>For&lt;Project&gt;()</c> fails Build, naming the route.</remarks>
public sealed class PermissionsFeature : Feature
{
    private readonly List<Action<ComponentContext>> _registrations = [];
    private bool _grants;

    /// <summary>Provides the guard checker of a model (it needs the model's repository).</summary>
    public PermissionsFeature For<TModel>() where TModel : Entity, IModel<TModel>, new()
    {
        _registrations.Add(context => context.Require<IRepository<TModel>>().Provide<PermissionChecker<TModel>>());
        return this;
    }

    /// <summary>Adds a principal provider; several are resolved together.</summary>
    public PermissionsFeature AddProvider<TProvider>() where TProvider : class, IPrincipalProvider
    {
        _registrations.Add(context => context.Provide<TProvider>().Contribute<IPrincipalProvider>(services => services.GetRequiredService<TProvider>(), typeof(TProvider)));
        return this;
    }

    /// <summary>Reads explicit grants (rules <see cref="PermitBuilder{TModel}.Granted"/>) from the <see cref="PermissionGrant"/> repository, and provides <see cref="GrantService"/>.</summary>
    public PermissionsFeature WithGrants()
    {
        _grants = true;
        return this;
    }

    /// <inheritdoc />
    public override void Configure(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_grants)
        {
            context.Require<IRepository<PermissionGrant>>().Provide<GrantService>();
        }

        context.Provide<PrincipalResolver>().Provide<PermissionService>();
        foreach (var registration in _registrations)
        {
            registration(context);
        }
    }
}
