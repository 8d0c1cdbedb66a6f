namespace JustScale.Permissions.Tests;

/// <summary>Pins what permissions refuse at compile time: a rule on a field of the wrong type, a permission guard without <c>.Use(Auth)</c>.</summary>
public sealed class PermissionMisuseCompileTests
{
    [Test]
    public void When_OnAReferenceToThePrincipalsEntity_Compiles()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public static Permission<Task> Edit { get; } = Permission<Task>.Named("edit",
                rule => rule.Permit(OrganizationPrincipals.Admin).When(t => t.Organization),
                rule => rule.Permit(Principals.User).When(t => t.Assignee));
            """);

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void When_OnAReferenceToAnotherEntity_DoesNotCompile()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public static Permission<Task> Edit { get; } = Permission<Task>.Named("edit",
                rule => rule.Permit(OrganizationPrincipals.Admin).When(t => t.Assignee));
            """);

        Assert.That(errors, Does.Contain("CS1662").Or.Contain("CS0029"), string.Join(", ", errors));
    }

    [Test]
    public void When_OnAFieldThatIsNoReference_DoesNotCompile()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public static Permission<Task> Edit { get; } = Permission<Task>.Named("edit",
                rule => rule.Permit(Principals.User).When(t => t.Title));
            """);

        Assert.That(errors, Is.Not.Empty);
    }

    [Test]
    public void When_OnAKindWithoutEntity_DoesNotCompile()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public static Permission<Task> Edit { get; } = Permission<Task>.Named("edit",
                rule => rule.Permit(Principals.Everyone).When(t => t.Organization));
            """);

        Assert.That(errors, Is.EqualTo(new[] { "CS1061" }));
    }

    [Test]
    public void PermissionGuard_AfterAuth_Compiles()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public static RouteDefinition Route() => Get("/orgs/:orgId")
                .Use(Auth)
                .Guard(Organization.Can.Manage.On("orgId"))
                .Handle(ctx => ctx.Res.Json(new { ctx.User.Id }));
            """);

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void PermissionGuard_AfterAuthAndTypedSteps_Compiles()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public sealed record OrgRef(Guid OrgId);
            public sealed record Rename(string Name);

            public static RouteDefinition Route() => Patch("/orgs/:orgId")
                .Params<OrgRef>()
                .Use(Auth)
                .Body<Rename>()
                .Guard(Organization.Can.Manage.On("orgId"))
                .Handle(ctx => ctx.Res.Json(new { ctx.User.Id, ctx.Params.OrgId, ctx.Body.Name }));
            """);

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void PermissionGuard_AfterTypedStepsButBeforeAuth_DoesNotCompile()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public sealed record OrgRef(Guid OrgId);

            public static RouteDefinition Route() => Get("/orgs/:orgId")
                .Params<OrgRef>()
                .Guard(Organization.Can.Manage.On("orgId"))
                .Use(Auth)
                .Handle(ctx => ctx.Res.Json(new { ctx.User.Id }));
            """);

        Assert.That(errors, Is.EqualTo(new[] { "CS1503" }));
    }

    [Test]
    public void PermissionGuard_WithoutAuth_DoesNotCompile()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public static RouteDefinition Route() => Get("/orgs/:orgId")
                .Guard(Organization.Can.Manage.On("orgId"))
                .Handle(ctx => ctx.Res.Json(new { ok = true }));
            """);

        Assert.That(errors, Is.EqualTo(new[] { "CS1503" }));
    }

    [Test]
    public void PermissionItself_AsAGuardAfterAuth_Compiles()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public static RouteDefinition Route() => Get("/organizations/:organizationId")
                .Use(Auth)
                .Guard(Organization.Can.View)
                .Handle(ctx => ctx.Res.Json(new { ok = true }));
            """);

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void PermissionItself_AsAGuardWithoutAuth_DoesNotCompile()
    {
        var errors = SnippetCompiler.ErrorsOf("""
            public static RouteDefinition Route() => Get("/organizations/:organizationId")
                .Guard(Organization.Can.View)
                .Handle(ctx => ctx.Res.Json(new { ok = true }));
            """);

        Assert.That(errors, Is.EqualTo(new[] { "CS1503" }));
    }
}
