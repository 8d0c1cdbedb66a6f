using JustScale.Core;

namespace JustScale.Testing;

/// <summary>Holds the empty repositories one conformance test runs against.</summary>
/// <param name="Accounts">The repository of accounts.</param>
/// <param name="Tickets">The repository of tickets, which reference accounts.</param>
/// <param name="Items">The repository of items, which hold every further field type and composite indexes.</param>
public sealed record ConformanceStore(IRepository<Account> Accounts, IRepository<Ticket> Tickets, IRepository<Item> Items);
