namespace JustScale.Permissions.Tests;

/// <summary>Declaring a permission that cannot work fails at once, naming the model and the fix.</summary>
public sealed class PermissionDeclarationTests
{
    [Test]
    public void Self_WithAKindOfAnotherEntity_ThrowsNamingTheFix()
    {
        var error = Assert.Throws<ArgumentException>(() => Permission<Doc>.Named("x", rule => rule.Permit(OrganizationPrincipals.Member).Self()));

        Assert.That(error!.Message, Does.Contain("When(p => p.Organization)"));
    }

    [Test]
    public void Named_WithoutRules_Throws()
    {
        Assert.Throws<ArgumentException>(() => Permission<Doc>.Named("x"));
    }

    [Test]
    public void When_OnAPropertyThatIsNoField_Throws()
    {
        Assert.Throws<ArgumentException>(() => Permission<Doc>.Named("x", rule => rule.Permit(OrganizationPrincipals.Member).When(d => default)));
    }

    [Test]
    public void Permission_ToString_NamesModelAndAction()
    {
        Assert.That(Doc.Can.View.ToString(), Is.EqualTo("Doc.view"));
        Assert.That(Doc.Can.View.Rules.Select(r => r.ToString()), Is.EqualTo(new[] { "org-member of Organization", "user of Owner", "user granted" }));
    }
}
