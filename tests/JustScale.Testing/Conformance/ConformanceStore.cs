using JustScale.Core;

namespace JustScale.Testing;

/// <summary>Holds the two empty repositories one conformance test runs against.</summary>
/// <param name="Accounts">The repository of accounts.</param>
/// <param name="Tickets">The repository of tickets, which reference accounts.</param>
public sealed record ConformanceStore(IRepository<Account> Accounts, IRepository<Ticket> Tickets);
