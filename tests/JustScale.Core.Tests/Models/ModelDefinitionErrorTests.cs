namespace JustScale.Core.Tests.Models;

/// <summary>Pins where a model's definition error surfaces: at Build(), with its own message, never as a TypeInitializationException.</summary>
[TestFixture]
public sealed class ModelDefinitionErrorTests
{
    [Test]
    public void Define_UnsupportedType_DoesNotThrowFromTheStaticInitializer()
    {
        Assert.That(() => Gizmo.Model.IsValid, Throws.Nothing);
        Assert.That(Gizmo.Model.IsValid, Is.False);
    }

    [Test]
    public void Build_RepositoryOfModelWithUnsupportedType_ThrowsTheClearMessage()
    {
        var builder = new ClusterBuilder().Add(InMemoryRepository.For<Gizmo>());

        var error = Assert.Throws<NotSupportedException>(() => builder.Build());

        Assert.That(error!.Message, Does.StartWith("Gizmo.Span: type TimeSpan is not a supported field type"));
        Assert.That(error.Message, Does.Contain("decimal, double"));
    }

    [Test]
    public void Field_OfInvalidModel_ThrowsTheDefinitionError()
    {
        Assert.Throws<NotSupportedException>(() => Gizmo.Model.Field(g => g.Span));
    }

    [Test]
    public void Field_AskedAsAnotherType_ThrowsNamingTheType()
    {
        var error = Assert.Throws<ArgumentException>(() => JustScale.Testing.Account.Model.Field(a => (object)a.Score));

        Assert.That(error!.Message, Does.Contain("holds Int32"));
    }
}
