// The NuGet consumer check: an app that references only the packed JustScale packages (never the projects)
// registers and logs in a user on the in-memory store. Run by .ci/consumer-check.
using JustScale.Auth;
using JustScale.Core;

await using var cluster = new ClusterBuilder()
    .Add(InMemoryRepository.For<User>())
    .Add(InMemoryRepository.For<Session>())
    .Add<AuthFeature>()
    .Build();
await cluster.CompileAsync();
await cluster.StartAsync();

var users = cluster.Resolve<UserService>();
var sessions = cluster.Resolve<SessionService>();
var registered = await users.RegisterAsync("Consumer@Example.com", "correct horse battery staple", "Consumer");
var loggedIn = await users.AuthenticateAsync("consumer@example.com", "correct horse battery staple");
var refused = await users.AuthenticateAsync("consumer@example.com", "wrong password");
if (loggedIn?.Id != registered.Id || refused is not null)
{
    Console.Error.WriteLine("consumer check: login did not behave");
    return 1;
}

var session = await sessions.CreateAsync(loggedIn);
var found = await sessions.FindByTokenAsync(session.Token);
if (found?.User.Id != registered.Id)
{
    Console.Error.WriteLine("consumer check: the session token did not resolve");
    return 1;
}

Console.WriteLine($"consumer check: registered and logged in {registered.Email} from the packages");
return 0;
