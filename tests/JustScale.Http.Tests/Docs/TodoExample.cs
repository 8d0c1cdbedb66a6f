using System.Collections.Concurrent;
using JustScale.Core;
using static JustScale.Http.Routes;
using static JustScale.Http.Tests.Docs.ApiKeys;

namespace JustScale.Http.Tests.Docs;

/// <summary>A todo item, as stored and as answered.</summary>
public sealed record Todo(int Id, string Title, DateTimeOffset CreatedAt);

/// <summary>The body of POST /todos.</summary>
public sealed record NewTodo(string Title);

/// <summary>Thrown when the list is full; the example's cluster middleware turns it into 429.</summary>
public sealed class TodoLimitException() : Exception("At most 3 todos");

/// <summary>The service the example controller injects.</summary>
public sealed class TodoStore(TimeProvider time)
{
    private readonly ConcurrentDictionary<int, Todo> _todos = new();
    private int _lastId;

    /// <summary>Lists the todos by id.</summary>
    public IReadOnlyList<Todo> All() => [.. _todos.Values.OrderBy(t => t.Id)];

    /// <summary>Adds a todo.</summary>
    public Todo Add(string title)
    {
        if (_todos.Count >= 3)
        {
            throw new TodoLimitException();
        }

        var todo = new Todo(Interlocked.Increment(ref _lastId), title, time.GetUtcNow());
        _todos[todo.Id] = todo;
        return todo;
    }

    /// <summary>Removes a todo; false when there was none.</summary>
    public bool Remove(int id) => _todos.TryRemove(id, out _);
}

/// <summary>The example docs/http.md quotes: a controller with a body, a parameter, a middleware and a guard.</summary>
public static class TodoExample
{
    /// <summary>Gets the controller.</summary>
    public static readonly Controller TodoController = Controller.Create("/todos", (TodoStore todos) => new()
    {
        ["list"] = Get("/").Handle(ctx => ctx.Res.Json(todos.All())),

        ["create"] = Post("/").Handle(ctx =>
        {
            var body = ctx.Body<NewTodo>(); // a body that does not fit: 400 {"error": ..., "fields": {"title": [...]}}
            ctx.Res.Status(201).Json(todos.Add(body.Title));
        }),

        ["remove"] = Delete("/:id")
            .Use(RequireApiKey)            // RequestContext -> ApiClient<RequestContext>
            .Guard(AllowClient("admin"))   // Guard<IApiClient>: compiles only after .Use(RequireApiKey)
            .Handle(ctx =>
            {
                if (!todos.Remove(int.Parse(ctx.Params["id"], System.Globalization.CultureInfo.InvariantCulture)))
                {
                    throw new JustScaleException("Todo not found", 404, "todo_not_found");
                }

                // nothing written: 204
            }),
    });
}
