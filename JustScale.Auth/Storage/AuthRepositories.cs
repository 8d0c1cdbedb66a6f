using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Registers every repository AuthFeature and AuthEndpointsFeature use, on one store, with default table names: one line instead of seven.</summary>
/// <remarks>
/// Users (<c>users</c>), sessions (<c>sessions</c>), one-time tokens (<c>auth_tokens</c>), TOTP secrets (<c>two_factor_secrets</c>),
/// recovery codes (<c>recovery_codes</c>), second-step tickets (<c>two_factor_tickets</c>) and the Data Protection keys
/// (<c>data_protection_keys</c>). Users and sessions publish their changes (sessions except <see cref="Session.LastActiveAt"/>), so
/// every instance's session cache drops what another revoked. The store is chosen by the factory: JustScale.Auth knows
/// <see cref="IRepository{T}"/> only, never PostgreSQL (docs/design/auth-repositories.md).
/// </remarks>
/// <example><code>
/// builder
///     .Add(new PostgresClient(...))
///     .Add(new AuthRepositories(PgRepository.Factory))   // or InMemoryRepository.Factory
///     .Add&lt;AuthFeature&gt;();
/// </code></example>
/// <param name="factory">The store's repository factory, such as <c>PgRepository.Factory</c> or <see cref="InMemoryRepository.Factory"/>.</param>
public sealed class AuthRepositories(IRepositoryFactory factory) : IClusterComponent
{
    private readonly IRepositoryFactory _factory = factory ?? throw new ArgumentNullException(nameof(factory));

    /// <inheritdoc />
    public string Name => "AuthRepositories";

    /// <inheritdoc />
    public void Configure(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context
            .Add(_factory.Create<User>(new RepositoryDefinition("users") { NotifyChanges = true }))
            .Add(_factory.Create<Session>(new RepositoryDefinition("sessions") { NotifyChanges = true, QuietFields = [nameof(Session.LastActiveAt)] }))
            .Add(_factory.Create<AuthToken>(new RepositoryDefinition("auth_tokens")))
            .Add(_factory.Create<TwoFactorSecret>(new RepositoryDefinition("two_factor_secrets")))
            .Add(_factory.Create<RecoveryCode>(new RepositoryDefinition("recovery_codes")))
            .Add(_factory.Create<TwoFactorTicket>(new RepositoryDefinition("two_factor_tickets")))
            .Add(_factory.Create<KeyRingEntry>(new RepositoryDefinition("data_protection_keys")));
    }
}
