using JustScale.Http;
using static JustScale.Http.Routes;

namespace JustScale.Auth.Tests.OpenApi;

/// <summary>The ordinary REST route of an app beside JustScale's account routes: an authenticated PATCH with typed parameters and body.</summary>
public static class NoteRoutes
{
    /// <summary>Gets the controller.</summary>
    public static readonly Controller Notes = Controller.Create("/notes", () => new()
    {
        ["update"] = Patch("/:id").Use(AuthMiddleware.Auth).Params<IdParam>().Body<NoteBody>().Returns<NoteOut>()
            .Handle(ctx => ctx.Res.Json(new NoteOut(ctx.Params.Id, ctx.Body.Text, DateTimeOffset.UnixEpoch))),
    });
}

/// <summary>The note's id in the path.</summary>
/// <param name="Id">The note.</param>
public sealed record IdParam(Guid Id);

/// <summary>The new text of a note.</summary>
/// <param name="Text">The text.</param>
public sealed record NoteBody(string Text);

/// <summary>A note as answered.</summary>
/// <param name="Id">The note.</param>
/// <param name="Text">Its text.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record NoteOut(Guid Id, string Text, DateTimeOffset UpdatedAt);
