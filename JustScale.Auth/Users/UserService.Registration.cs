namespace JustScale.Auth;

/// <content>Registration together with the first session, in one transaction.</content>
public sealed partial class UserService
{
    /// <summary>Registers a user and creates their first session atomically: both are stored, or neither.</summary>
    /// <remarks>
    /// Runs in a unit of work (<see cref="JustScale.Core.IUnitOfWork"/>) on any store: when the session cannot be stored
    /// (the database went away between the two writes), the user is rolled back too, so a registration the client saw fail
    /// can simply be retried. The password is hashed before the transaction begins.
    /// </remarks>
    /// <exception cref="UserExistsException">The email is already registered.</exception>
    /// <exception cref="InvalidAuthInputException">The email is malformed or the password empty.</exception>
    /// <exception cref="InvalidOperationException">The service was built without a <see cref="SessionService"/>.</exception>
    public async Task<Registration> RegisterWithSessionAsync(
        string email, string password, string? name = null, CreateSessionOptions? session = null, CancellationToken cancellationToken = default)
    {
        var sessions = _sessions ?? throw new InvalidOperationException("This UserService has no SessionService: build it with one to create sessions.");
        Session? created = null;
        var user = await RegisterCoreAsync(email, password, name, async (user, ct) =>
        {
            await RaiseAsync(AuthEventKind.Registered, user.Id, ct).ConfigureAwait(false); // inside the transaction: raised at its commit, before SessionCreated
            created = await sessions.CreateAsync(user, session, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return new Registration(user, created ?? throw new InvalidOperationException("The session was not created."));
    }
}
