using System.Reflection;
using JustScale.Auth.Tests.Support;
using JustScale.Core;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Users;

/// <summary>Checks that registration with its first session, and a password reset, are all-or-nothing on both stores.</summary>
[TestFixture(StoreKind.InMemory)]
[TestFixture(StoreKind.Postgres)]
public sealed class AtomicRegistrationTests(StoreKind store)
{
    private const string Password = "correct horse battery staple";
    private AuthTestCluster _auth = null!;

    [SetUp]
    public async Task SetUp() => _auth = await AuthTestCluster.CreateAsync(store, new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero)));

    [TearDown]
    public async Task TearDown() => await _auth.DisposeAsync();

    [Test]
    public async Task RegisterWithSession_Succeeds_StoresUserAndSessionAndReturnsPlainToken()
    {
        var (user, session) = await _auth.Users.RegisterWithSessionAsync("ada@example.com", Password, "Ada");

        Assert.That(await _auth.UserRepository.GetAsync(user.Id), Is.Not.Null);
        Assert.That(session.User.Id, Is.EqualTo(user.Id));
        Assert.That((await _auth.Sessions.FindByTokenAsync(session.Token))?.Id, Is.EqualTo(session.Id));
    }

    [TestCase(false, TestName = "RegisterWithSession_SessionInsertFailsBeforeWriting_NoUserLeft")]
    [TestCase(true, TestName = "RegisterWithSession_SessionInsertFailsAfterWriting_NoUserLeft")]
    public async Task RegisterWithSession_SessionInsertFails_NoUserLeft(bool failAfterWriting)
    {
        var users = ServiceWithFailingSessions(failAfterWriting);

        Assert.ThrowsAsync<DatabaseUnavailableException>(() => users.RegisterWithSessionAsync("half@example.com", Password));

        Assert.That(await _auth.UserRepository.CountAsync(Filter<User>.All), Is.Zero);
        Assert.That(await _auth.SessionRepository.CountAsync(Filter<Session>.All), Is.Zero);
        var (user, _) = await _auth.Users.RegisterWithSessionAsync("half@example.com", Password);
        Assert.That(user.Email, Is.EqualTo("half@example.com"), "the email is free again: the client's retry succeeds");
    }

    [Test]
    public async Task ResetPassword_SessionRevocationFails_OldHashKeptAndSessionsKept()
    {
        var (user, session) = await _auth.Users.RegisterWithSessionAsync("reset@example.com", Password);
        var users = ServiceWithFailingSessions(failAfterWriting: true);

        Assert.ThrowsAsync<DatabaseUnavailableException>(() => users.ResetPasswordAsync(user.Id, "a brand new passphrase"));

        Assert.That(await _auth.Users.AuthenticateAsync("reset@example.com", Password), Is.Not.Null, "the old password still works");
        Assert.That(await _auth.Sessions.FindByTokenAsync(session.Token), Is.Not.Null, "no session was revoked");
    }

    [Test]
    public async Task ResetPassword_UnknownUserInsideOuterTransaction_ReturnsNullAndTheOuterCommits()
    {
        var unitOfWork = _auth.Cluster.Resolve<IUnitOfWork>();
        await using (var transaction = await unitOfWork.BeginAsync())
        {
            await _auth.Users.RegisterAsync("outer@example.com", Password);
            Assert.That(await _auth.Users.ResetPasswordAsync(Guid.NewGuid(), "a brand new passphrase"), Is.Null);
            Assert.That(await _auth.Users.DisableAsync(Guid.NewGuid()), Is.False);
            await transaction.CommitAsync();
        }

        Assert.That(await _auth.Users.FindByEmailAsync("outer@example.com"), Is.Not.Null);
    }

    /// <summary>Builds a UserService on the cluster's stores whose session repository fails every write (after making it, when asked).</summary>
    private UserService ServiceWithFailingSessions(bool failAfterWriting)
    {
        var sessions = FailingWrites.Wrap(_auth.SessionRepository, failAfterWriting);
        var options = _auth.Cluster.Resolve<AuthOptions>();
        var time = _auth.Cluster.Resolve<TimeProvider>();
        return new UserService(
            _auth.UserRepository, _auth.Cluster.Resolve<PasswordService>(), time,
            new SessionService(sessions, options, time), options: options, unitOfWork: _auth.Cluster.Resolve<IUnitOfWork>());
    }

    /// <summary>Passes every call to a real repository, but makes writes throw <see cref="DatabaseUnavailableException"/>.</summary>
    public class FailingWrites : DispatchProxy
    {
        private static readonly HashSet<string> Writes = ["InsertAsync", "UpdateAsync", "UpdateWhereAsync", "DeleteAsync", "DeleteWhereAsync"];
        private object _inner = null!;
        private bool _afterWriting;

        public static IRepository<T> Wrap<T>(IRepository<T> inner, bool afterWriting) where T : Entity, new()
        {
            var proxy = Create<IRepository<T>, FailingWrites>();
            var failing = (FailingWrites)(object)proxy;
            failing._inner = inner;
            failing._afterWriting = afterWriting;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (!Writes.Contains(targetMethod.Name))
            {
                return targetMethod.Invoke(_inner, args);
            }

            return FailAsync(targetMethod, args, targetMethod.ReturnType);
        }

        private object FailAsync(MethodInfo method, object?[]? args, Type returnType)
        {
            async Task Fail()
            {
                if (_afterWriting)
                {
                    await (Task)method.Invoke(_inner, args)!;
                }

                throw new DatabaseUnavailableException();
            }

            var failed = Fail();
            var resultType = returnType.GetGenericArguments()[0];
            return typeof(FailingWrites).GetMethod(nameof(As), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(resultType).Invoke(null, [failed])!;
        }

        private static async Task<TResult> As<TResult>(Task failed)
        {
            await failed;
            throw new InvalidOperationException("unreachable: the write failed");
        }
    }
}
