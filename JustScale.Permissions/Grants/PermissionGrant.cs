using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>Grants one principal an action on a model's entities explicitly: on one entity, or on all (table <c>permission_grants</c>).</summary>
/// <remarks>Read by rules declared with <see cref="PermitBuilder{TModel}.Granted"/>; written through <see cref="GrantService"/>.</remarks>
public sealed class PermissionGrant : Entity, IModel<PermissionGrant>
{
    /// <summary>Gets the model: principal kind and id (indexed), resource (the model's name), action, optional resource id.</summary>
    public static Model<PermissionGrant> Model { get; } = Model<PermissionGrant>.Define("PermissionGrant", m => m
        .String(g => g.PrincipalKind, maxLength: 100)
        .Field(g => g.PrincipalId, new FieldOptions { Indexed = true })
        .String(g => g.Resource, maxLength: 100)
        .String(g => g.Action, maxLength: 100)
        .Field(g => g.ResourceId));

    /// <summary>Gets or sets the principal kind's name.</summary>
    public string PrincipalKind { get; set; } = "";

    /// <summary>Gets or sets the principal's id (<see cref="Guid.Empty"/> for kinds without an entity).</summary>
    public Guid PrincipalId { get; set; }

    /// <summary>Gets or sets the model's name.</summary>
    public string Resource { get; set; } = "";

    /// <summary>Gets or sets the action.</summary>
    public string Action { get; set; } = "";

    /// <summary>Gets or sets the one entity granted, or null for every entity of the model.</summary>
    public Guid? ResourceId { get; set; }
}
