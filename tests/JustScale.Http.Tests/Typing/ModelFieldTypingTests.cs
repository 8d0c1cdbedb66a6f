namespace JustScale.Http.Tests.Typing;

/// <summary>Pins what typed model fields refuse at compile time: a filter or change value of another type than the field's.</summary>
[TestFixture]
public sealed class ModelFieldTypingTests
{
    private const string Models = """
        public sealed class Owner : Entity;

        public sealed class Note : Entity
        {
            public static readonly Model<Note> Model = Model<Note>.Define("Note", m => m
                .String(n => n.Email, maxLength: 100)
                .Field(n => n.Owner)
                .Field(n => n.Seen));

            public string Email { get; set; } = "";

            public Reference<Owner> Owner { get; set; }

            public DateTimeOffset? Seen { get; set; }
        }

        static readonly Field<Note, string> EmailField = Note.Model.Field(n => n.Email);
        static readonly Field<Note, Reference<Owner>> OwnerField = Note.Model.Field(n => n.Owner);
        static readonly Field<Note, DateTimeOffset?> SeenField = Note.Model.Field(n => n.Seen);

        """;

    [Test]
    public void Where_ValueOfTheFieldsType_Compiles()
    {
        var errors = SnippetCompiler.ErrorsOf(Models + """
            public static Filter<Note> Filters(Owner owner) =>
                Filter<Note>.Where(EmailField, "a@example.com")
                    .And(OwnerField, owner.Id)
                    .And(OwnerField, owner)
                    .And(SeenField, Comparison.LessThan, DateTimeOffset.UnixEpoch)
                | Filter<Note>.Where(SeenField, null);
            """);

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void Where_IntOnAStringField_DoesNotCompile()
    {
        var errors = SnippetCompiler.ErrorsOf(Models + """
            public static Filter<Note> Filter() => Filter<Note>.Where(EmailField, 42);
            """);

        Assert.That(errors, Is.EqualTo(new[] { "CS0315" }));
    }

    [Test]
    public void Where_StringOnAReferenceField_DoesNotCompile()
    {
        var errors = SnippetCompiler.ErrorsOf(Models + """
            public static Filter<Note> Filter() => Filter<Note>.Where(OwnerField, "someone");
            """);

        Assert.That(errors, Is.EqualTo(new[] { "CS1503" }));
    }

    [Test]
    public void ChangesOf_IntOnAStringField_DoesNotCompile()
    {
        var errors = SnippetCompiler.ErrorsOf(Models + """
            public static Changes<Note> Change() => Changes<Note>.Of(EmailField, 42);
            """);

        Assert.That(errors, Is.EqualTo(new[] { "CS0411" }));
    }

    [Test]
    public void Where_UntypedField_DoesNotCompile()
    {
        var errors = SnippetCompiler.ErrorsOf(Models + """
            public static Filter<Note> Filter() => Filter<Note>.Where(Note.Model.Field("Email"), "a@example.com");
            """);

        Assert.That(errors, Is.Not.Empty);
    }
}
