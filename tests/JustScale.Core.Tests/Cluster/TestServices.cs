using JustScale.Core;

namespace JustScale.Core.Tests.Cluster;

public sealed class Clock;

public sealed class Greeter(Clock clock)
{
    public Clock Clock { get; } = clock;
}

public sealed class Mailer(Greeter greeter, IRepository<Account> accounts)
{
    public Greeter Greeter { get; } = greeter;

    public IRepository<Account> Accounts { get; } = accounts;
}

public sealed class Account : Entity, IModel<Account>
{
    public static Model<Account> Model { get; } = Model<Account>.Define("Account", m => m.String(a => a.Email, 50));

    public string Email { get; set; } = "";
}

public sealed class Chicken(Egg egg)
{
    public Egg Egg { get; } = egg;
}

public sealed class Egg(Hen hen)
{
    public Hen Hen { get; } = hen;
}

public sealed class Hen(Chicken chicken)
{
    public Chicken Chicken { get; } = chicken;
}

public sealed class Broken
{
    public Broken() => throw new InvalidOperationException("no config for Broken");
}

/// <summary>Records start and stop calls in a shared journal.</summary>
public sealed class Journal
{
    public List<string> Entries { get; } = [];
}

public sealed class Database(Journal journal) : IClusterLifecycle
{
    public ValueTask OnStartAsync(CancellationToken cancellationToken)
    {
        journal.Entries.Add("start Database");
        return ValueTask.CompletedTask;
    }

    public ValueTask OnStopAsync(CancellationToken cancellationToken)
    {
        journal.Entries.Add("stop Database");
        return ValueTask.CompletedTask;
    }
}

public sealed class Cache(Database database, Journal journal) : IClusterLifecycle
{
    public Database Database { get; } = database;

    public ValueTask OnStartAsync(CancellationToken cancellationToken)
    {
        journal.Entries.Add("start Cache");
        return ValueTask.CompletedTask;
    }

    public ValueTask OnStopAsync(CancellationToken cancellationToken)
    {
        journal.Entries.Add("stop Cache");
        return ValueTask.CompletedTask;
    }
}

public sealed class WebServer(Cache cache, Journal journal) : IClusterLifecycle
{
    public Cache Cache { get; } = cache;

    public ValueTask OnStartAsync(CancellationToken cancellationToken)
    {
        journal.Entries.Add("start WebServer");
        return ValueTask.CompletedTask;
    }

    public ValueTask OnStopAsync(CancellationToken cancellationToken)
    {
        journal.Entries.Add("stop WebServer");
        return ValueTask.CompletedTask;
    }
}

/// <summary>A feature like AuthFeature: provides a service, requires repositories.</summary>
public sealed class MailFeature : Feature
{
    public override void Configure(ComponentContext context) => context
        .Provide<Mailer>()
        .Provide<Greeter>()
        .Require<IRepository<Account>>()
        .Require<Clock>();
}

/// <summary>A feature that brings another component along while it configures.</summary>
public sealed class BundleFeature : Feature
{
    public override void Configure(ComponentContext context) => context
        .Add(new ClockComponent())
        .Provide<Greeter>();
}

/// <summary>A plain component (not a feature) providing the clock.</summary>
public sealed class ClockComponent : IClusterComponent
{
    public void Configure(ComponentContext context) => context.Provide<Clock>();
}

/// <summary>A plain component (not a feature) that requires a service.</summary>
public sealed class NeedsAccounts : IClusterComponent
{
    public string Name => "Reports";

    public void Configure(ComponentContext context) => context.Require<IRepository<Account>>();
}
