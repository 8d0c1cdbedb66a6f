using JustScale.Core;
using JustScale.Testing;

namespace JustScale.Core.Tests.Models;

[TestFixture]
public sealed class ModelTests
{
    [Test]
    public void Define_Fields_KindsAndOptionalityFollowProperties()
    {
        var model = JustScale.Testing.Account.Model;

        Assert.That(model.Field("Email").Kind, Is.EqualTo(FieldKind.String));
        Assert.That(model.Field("Email").MaxLength, Is.EqualTo(100));
        Assert.That(model.Field("Email").IsOptional, Is.False);
        Assert.That(model.Field("Email").IsUnique, Is.True);
        Assert.That(model.Field("Nickname").IsOptional, Is.True);
        Assert.That(model.Field("Bio").Kind, Is.EqualTo(FieldKind.Text));
        Assert.That(model.Field("Score").Kind, Is.EqualTo(FieldKind.Int));
        Assert.That(model.Field("Active").Kind, Is.EqualTo(FieldKind.Bool));
        Assert.That(model.Field("SeenAt").Kind, Is.EqualTo(FieldKind.Timestamp));
        Assert.That(model.Field("SeenAt").IsOptional, Is.True);
        Assert.That(Ticket.Model.Field("Account").Kind, Is.EqualTo(FieldKind.Reference));
        Assert.That(Ticket.Model.Field("Account").ReferencedType, Is.EqualTo(typeof(JustScale.Testing.Account)));
    }

    [Test]
    public void AllFields_StorageOrder_IdFieldsThenTimestamps()
    {
        Assert.That(JustScale.Testing.Account.Model.AllFields.Select(f => f.Name), Is.EqualTo(new[]
        {
            "Id", "Email", "Nickname", "Bio", "Score", "Active", "SeenAt", "Plan", "CreatedAt", "UpdatedAt",
        }));
        Assert.That(Ticket.Model.UpdatedAt, Is.Null);
    }

    [Test]
    public void Field_UnknownName_ThrowsNamingModel()
    {
        var error = Assert.Throws<ArgumentException>(() => Ticket.Model.Field("Nope"));

        Assert.That(error!.Message, Does.Contain("Model Ticket has no field named 'Nope'"));
    }

    [Test]
    public void ReferenceField_GetAndSet_UseTheId()
    {
        var id = Guid.NewGuid();
        var ticket = new Ticket();
        var field = Ticket.Model.Field(t => t.Account);

        field.SetValue(ticket, id);

        Assert.That(ticket.Account.Id, Is.EqualTo(id));
        Assert.That(field.GetValue(ticket), Is.EqualTo(id));
    }

    [Test]
    public void Timestamps_Normalize_TruncatesToMicrosecondsInUtc()
    {
        var value = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(-5)).AddTicks(9);

        var normalized = Timestamps.Normalize(value);

        Assert.That(normalized, Is.EqualTo(new DateTimeOffset(2026, 1, 2, 8, 4, 5, TimeSpan.Zero)));
        Assert.That(normalized.Offset, Is.EqualTo(TimeSpan.Zero));
    }
}
