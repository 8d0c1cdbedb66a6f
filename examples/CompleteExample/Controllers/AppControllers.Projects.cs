using CompleteExample.Projects;
using JustScale.Auth;
using JustScale.Core;
using JustScale.Http;
using JustScale.Permissions;
using static JustScale.Auth.AuthMiddleware;
using static JustScale.Http.Routes;

namespace CompleteExample.Controllers;

/// <content>Projects inside organizations: guards and queries from the permissions declared on Organization and Project.</content>
public static partial class AppControllers
{
    private static readonly Field<Project, Reference<Organization>> ProjectOrganization = Project.Model.Field(p => p.Organization);

    /// <summary>The projects of an organization, and every project the caller may view.</summary>
    public static Controller ProjectsController { get; } = Controller.Create("/",
        (IRepository<Project> projects, PermissionService permissions) => new Dictionary<string, RouteDefinition>
        {
            // Any member creates; the guard is Organization.Can.View on the :orgId parameter.
            ["create"] = Post("/orgs/:orgId/projects").Use(Auth).Guard(Organization.Can.View.On("orgId")).Body<CreateProjectRequest>().Handle(async ctx =>
            {
                var name = ctx.Body.Name.Trim();
                if (name.Length is 0 or > 100)
                {
                    throw new JustScaleException("name must be 1 to 100 characters", 400, "invalid_name");
                }

                var project = await projects.InsertAsync(new Project
                {
                    Organization = new Reference<Organization>(Guid.Parse(ctx.Params["orgId"]!)),
                    Name = name,
                    CreatedBy = ctx.User,
                }, ctx.RequestAborted);
                ctx.Res.Status(201).Json(new { id = project.Id, name = project.Name, orgId = project.Organization.Id });
            }),

            ["list"] = Get("/orgs/:orgId/projects").Use(Auth).Guard(Organization.Can.View.On("orgId")).Handle(async ctx =>
            {
                var inOrganization = Filter<Project>.Where(ProjectOrganization, Guid.Parse(ctx.Params["orgId"]!));
                var found = await permissions.FindAllowedAsync(projects, ctx.User, Project.Can.View, inOrganization, cancellationToken: ctx.RequestAborted);
                ctx.Res.Json(new { items = found.Select(Describe) });
            }),

            // Through another organization's path the project is not found: the filter names both ids.
            ["get"] = Get("/orgs/:orgId/projects/:projectId").Use(Auth).Guard(Organization.Can.View.On("orgId")).Handle(async ctx =>
            {
                var project = await FindInOrganizationAsync(projects, ctx.Params["orgId"], ctx.Params["projectId"], ctx.RequestAborted);
                ctx.Res.Json(Describe(project));
            }),

            ["delete"] = Delete("/orgs/:orgId/projects/:projectId").Use(Auth).Guard(Organization.Can.View.On("orgId")).Guard(Project.Can.Delete).Handle(async ctx =>
            {
                var project = await FindInOrganizationAsync(projects, ctx.Params["orgId"], ctx.Params["projectId"], ctx.RequestAborted);
                await projects.DeleteAsync(project.Id, ctx.RequestAborted);
                ctx.Res.Json(new { deleted = true });
            }),

            // The caller's profile as GET /profile answers it, for members of the organization only: the guard is the one
            // difference, which bench figure 9 weighs (docs/benchmarks.md).
            ["memberProfile"] = Get("/orgs/:orgId/profile").Use(Auth).Guard(Organization.Can.View.On("orgId")).Returns<ProfileResponse>()
                .Handle(ctx => ctx.Res.Json(new ProfileResponse(ctx.User.Id, ctx.User.Email, ctx.User.Name))),

            // Every project the caller may view, across organizations: one query whose WHERE is Project.Can.View.
            ["mine"] = Get("/projects").Use(Auth).Handle(async ctx =>
            {
                var found = await permissions.FindAllowedAsync(projects, ctx.User, Project.Can.View, cancellationToken: ctx.RequestAborted);
                ctx.Res.Json(new { items = found.Select(Describe) });
            }),
        });

    private static object Describe(Project project) => new { id = project.Id, name = project.Name, orgId = project.Organization.Id, createdAt = project.CreatedAt };

    private static async Task<Project> FindInOrganizationAsync(IRepository<Project> projects, string? orgId, string? projectId, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(orgId, out var organization) && Guid.TryParse(projectId, out var id)
            && await projects.FindOneAsync(Filter<Project>.Where(Project.Model.Id, id).And(ProjectOrganization, organization), cancellationToken) is { } project)
        {
            return project;
        }

        throw new JustScaleException("Project not found", 404, "project_not_found");
    }
}
