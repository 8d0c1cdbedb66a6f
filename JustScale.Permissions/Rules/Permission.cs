using JustScale.Auth;
using JustScale.Core;
using JustScale.Http;

namespace JustScale.Permissions;

/// <summary>An action on a model and the rules that permit it (any one suffices), declared next to the model.</summary>
/// <typeparam name="TModel">The model.</typeparam>
/// <remarks>
/// One declaration gives the guard (<see cref="On"/>, or the permission itself: <c>.Guard(Project.Can.Edit)</c>), the check of a
/// loaded entity (<see cref="PermissionService.CanAsync{TModel}"/>) and the query condition
/// (<see cref="PermissionService.FindAllowedAsync{TModel}"/>: one statement, filtered by the database). With no rule passing,
/// the answer is no: permissions fail closed.
/// </remarks>
public sealed class Permission<TModel> where TModel : Entity, IModel<TModel>, new()
{
    private Permission(string action, PermitRule<TModel>[] rules)
    {
        Action = action;
        Rules = rules;
        Kinds = [.. rules.Select(rule => rule.Kind).Distinct()];
    }

    /// <summary>Gets the action's name (view, edit...), stored in grants.</summary>
    public string Action { get; }

    /// <summary>Gets the rules; the permission holds when any of them does.</summary>
    public IReadOnlyList<PermitRule<TModel>> Rules { get; }

    /// <summary>Gets the principal kinds the rules need resolved.</summary>
    internal IReadOnlyList<PrincipalKind> Kinds { get; }

    /// <summary>Gets whether checking needs the entity loaded.</summary>
    internal bool NeedsEntity => Rules.Any(rule => rule.NeedsEntity);

    /// <summary>Gets whether checking reads grants.</summary>
    internal bool NeedsGrants => Rules.Any(rule => rule.NeedsGrants);

    /// <summary>Declares a permission: the action and its rules, any one of which permits it.</summary>
    /// <example><code>
    /// public static Permission&lt;Project&gt; View { get; } = Permission&lt;Project&gt;.Named("view",
    ///     rule =&gt; rule.Permit(OrganizationPrincipals.Member).When(p =&gt; p.Organization));
    /// </code></example>
    /// <exception cref="ArgumentException">No rule, or a rule that does not fit the model.</exception>
    public static Permission<TModel> Named(string action, params Func<Rules<TModel>, PermitRule<TModel>>[] rules)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Length == 0)
        {
            throw new ArgumentException($"Permission {typeof(TModel).Name}.{action} needs at least one rule.", nameof(rules));
        }

        return new Permission<TModel>(action, [.. rules.Select(rule => rule(Permissions.Rules<TModel>.Instance))]);
    }

    /// <summary>Returns the guard of this permission on the entity whose id is the route parameter <paramref name="parameter"/>.</summary>
    /// <remarks>403 when no rule permits it, when the parameter is no id or the entity does not exist: it fails closed. Needs
    /// <c>.Use(Auth)</c> before it (a compile error otherwise) and <see cref="PermissionsFeature.For{TModel}"/> in the cluster (a Build error otherwise).</remarks>
    public Guard<IAuthenticated> On(string parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parameter);
        return Guard.Describe(Guard.Create<IAuthenticated, PermissionChecker<TModel>>((context, checker) => // the checker: a declared dependency
        {
            ArgumentNullException.ThrowIfNull(context);
            return checker.AllowsAsync(context.User, this, context.Params[parameter], context.RequestAborted);
        }), $"{this} on :{parameter} ({string.Join(" or ", Rules)})");
    }

    /// <summary>Returns the guard on the entity named by the route parameter <c>{model}Id</c> (<c>projectId</c> for Project).</summary>
    public static implicit operator Guard<IAuthenticated>(Permission<TModel> permission)
    {
        ArgumentNullException.ThrowIfNull(permission);
        var name = TModel.Model.Name;
        return permission.On($"{char.ToLowerInvariant(name[0])}{name[1..]}Id");
    }

    /// <summary>Returns the guard on the entity named by the route parameter <c>{model}Id</c>.</summary>
    public Guard<IAuthenticated> ToGuard() => this;

    /// <summary>Returns <c>Model.action</c>.</summary>
    public override string ToString() => $"{TModel.Model.Name}.{Action}";

    /// <summary>Returns whether the principals may act on the entity with an id (loaded when <see cref="NeedsEntity"/>).</summary>
    internal bool Allows(PrincipalSet principals, Guid id, TModel? entity) => Rules.Any(rule => rule.Allows(principals, id, entity, Action));

    /// <summary>Returns the OR of the rules' conditions: all, some, or null for none.</summary>
    internal Filter<TModel>? Condition(PrincipalSet principals)
    {
        var parts = new List<Filter<TModel>>();
        foreach (var rule in Rules)
        {
            if (rule.ForCreate)
            {
                continue;
            }

            var condition = rule.Condition(principals, Action);
            if (condition == Filter<TModel>.All)
            {
                return Filter<TModel>.All;
            }

            if (condition is not null)
            {
                parts.Add(condition);
            }
        }

        return parts.Count switch
        {
            0 => null,
            1 => parts[0],
            _ => Filter<TModel>.Or([.. parts]),
        };
    }
}
