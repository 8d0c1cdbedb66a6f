using JustScale.Auth;
using JustScale.Core;
using JustScale.Http;

namespace JustScale.Permissions;

/// <summary>Makes the guard of a permission on the entity named by a route parameter; the checker is a declared dependency.</summary>
internal sealed class PermissionGuard<TModel>(Permission<TModel> permission, string parameter) where TModel : Entity, IModel<TModel>, new()
{
    public Guard<IAuthenticated> Create() => Guard.Describe(Guard.Create<IAuthenticated, PermissionChecker<TModel>>((context, checker) =>
    {
        ArgumentNullException.ThrowIfNull(context);
        return checker.AllowsAsync(context.User, permission, context.Params[parameter], context.RequestAborted);
    }), $"{permission} on :{parameter} ({string.Join(" or ", permission.Rules)})");
}
