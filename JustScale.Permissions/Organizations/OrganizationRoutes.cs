using System.Net;
using JustScale.Auth;
using JustScale.Core;
using JustScale.Http;
using static JustScale.Http.Routes;

namespace JustScale.Permissions;

/// <summary>The organization routes: create and list organizations, invitations by mail, members and their roles.</summary>
internal static class OrganizationRoutes
{
    public static Controller Create(OrganizationOptions options) => Controller.Create(options.Prefix,
        (OrganizationService organizations, IAuthEmailSender mail, AuthEndpointsOptions account) => new RouteTable
        {
            ["create"] = Post("/").Use(AuthMiddleware.Auth).Body<CreateOrganizationRequest>().Handle(async ctx =>
            {
                var organization = await organizations.CreateAsync(ctx.User, ctx.Body.Name, ctx.RequestAborted).ConfigureAwait(false);
                ctx.Res.Status(201).Json(new { id = organization.Id, name = organization.Name, role = OrganizationRoles.Owner });
            }),

            ["list"] = Get("/").Use(AuthMiddleware.Auth).Handle(async ctx =>
            {
                var mine = await organizations.ListForUserAsync(ctx.User, ctx.RequestAborted).ConfigureAwait(false);
                ctx.Res.Json(new { items = mine.Select(m => new { id = m.Organization.Id, name = m.Organization.Name, role = m.Role }) });
            }),

            ["invite"] = Post("/:orgId/invitations").Use(AuthMiddleware.Auth).Guard(Organization.Can.Manage.On("orgId")).Body<InviteRequest>().Handle(async ctx =>
            {
                var organizationId = Guid.Parse(ctx.Params["orgId"]!); // the guard passed: a valid id
                var (invitation, token) = await organizations.InviteAsync(organizationId, ctx.User, ctx.Body.Email, ctx.Body.Role ?? OrganizationRoles.Member, ctx.RequestAborted)
                    .ConfigureAwait(false);
                var organization = await organizations.GetAsync(organizationId, ctx.RequestAborted).ConfigureAwait(false);
                await mail.SendAsync(InvitationMail(invitation, organization?.Name ?? "an organization", account.LinkFor($"{options.Prefix}/invitations/accept", token), token), ctx.RequestAborted)
                    .ConfigureAwait(false);
                ctx.Res.Status(201).Json(new { id = invitation.Id, email = invitation.Email, role = invitation.Role, expiresAt = invitation.ExpiresAt }); // never the token
            }),

            ["accept"] = Post("/invitations/accept").Use(AuthMiddleware.Auth).Body<AcceptInvitationRequest>().Handle(async ctx =>
            {
                var membership = await organizations.AcceptAsync(ctx.User, ctx.Body.Token, ctx.RequestAborted).ConfigureAwait(false);
                ctx.Res.Json(new { orgId = membership.Organization.Id, role = membership.Role });
            }),

            ["members"] = Get("/:orgId/members").Use(AuthMiddleware.Auth).Guard(Organization.Can.View.On("orgId")).Handle(async ctx =>
            {
                var members = await organizations.MembersAsync(Guid.Parse(ctx.Params["orgId"]!), ctx.RequestAborted).ConfigureAwait(false);
                ctx.Res.Json(new { items = members.Select(m => new { userId = m.User.Id, email = m.User.Email, name = m.User.Name, role = m.Role }) });
            }),

            ["changeRole"] = Patch("/:orgId/members/:userId").Use(AuthMiddleware.Auth).Guard(Organization.Can.Manage.On("orgId")).Body<ChangeRoleRequest>().Handle(async ctx =>
            {
                var membership = await organizations.ChangeRoleAsync(Guid.Parse(ctx.Params["orgId"]!), ctx.User, UserIdOf(ctx), ctx.Body.Role, ctx.RequestAborted).ConfigureAwait(false);
                ctx.Res.Json(new { userId = membership.User.Id, role = membership.Role });
            }),

            // Managers remove others; any member may remove themselves (leave). The service decides which.
            ["remove"] = Delete("/:orgId/members/:userId").Use(AuthMiddleware.Auth).Guard(Organization.Can.View.On("orgId")).Handle(async ctx =>
            {
                await organizations.RemoveAsync(Guid.Parse(ctx.Params["orgId"]!), ctx.User, UserIdOf(ctx), ctx.RequestAborted).ConfigureAwait(false);
                ctx.Res.Json(new { removed = true });
            }),
        });

    private static Guid UserIdOf(IRequestContext ctx) =>
        Guid.TryParse(ctx.Params["userId"], out var id) ? id : throw new JustScaleException("Member not found", 404, "member_not_found");

    private static AuthEmail InvitationMail(Invitation invitation, string organization, Uri link, string token)
    {
        var subject = "You are invited to join an organization";
        var text = $"You are invited to join {organization} as {invitation.Role}.\n\nAccept (signed in as {invitation.Email}):\n{link}\n\n"
            + $"Or send this token to the accept endpoint: {token}\n\nThe invitation expires at {invitation.ExpiresAt:u}.\n";
        var html = $"<p>You are invited to join <b>{WebUtility.HtmlEncode(organization)}</b> as {WebUtility.HtmlEncode(invitation.Role)}.</p>"
            + $"<p><a href=\"{WebUtility.HtmlEncode(link.ToString())}\">Accept the invitation</a> (signed in as {WebUtility.HtmlEncode(invitation.Email)}).</p>";
        return new AuthEmail(invitation.Email, subject, text, html);
    }
}
