using JustScale.Core;
using Microsoft.Extensions.Logging;

namespace JustScale.Auth;

/// <summary>Mails the owner of an account when its security changes: password changed or reset, two-factor login on or off, new recovery codes.</summary>
/// <remarks>
/// An <see cref="IAuthEventObserver"/> added by <see cref="AuthEndpointsFeature"/> unless
/// <see cref="AuthEndpointsOptions.SecurityNotices"/> is off. The message comes from
/// <see cref="AuthEmailTemplates.SecurityNotice"/> and goes through the configured <see cref="IAuthEmailSender"/> to the
/// account's address. A failure to send is logged and does not undo the change (the observer runs after the write).
/// </remarks>
internal sealed partial class SecurityNotifier(IRepository<User> users, IAuthEmailSender sender, AuthEndpointsOptions options, ILogger<SecurityNotifier> logger)
    : IAuthEventObserver
{
    /// <inheritdoc />
    public async ValueTask OnAuthEventAsync(AuthEvent authEvent, CancellationToken cancellationToken)
    {
        SecurityNoticeKind? kind = authEvent.Kind switch
        {
            AuthEventKind.PasswordChanged => SecurityNoticeKind.PasswordChanged,
            AuthEventKind.PasswordReset => SecurityNoticeKind.PasswordReset,
            AuthEventKind.TwoFactorEnabled => SecurityNoticeKind.TwoFactorEnabled,
            AuthEventKind.TwoFactorDisabled => SecurityNoticeKind.TwoFactorDisabled,
            AuthEventKind.RecoveryCodesRegenerated => SecurityNoticeKind.RecoveryCodesRegenerated,
            _ => null,
        };
        if (kind is not { } notice || authEvent.UserId is not { } userId)
        {
            return;
        }

        if (await users.GetAsync(userId, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return;
        }

        var mail = options.Templates.SecurityNotice(new SecurityNoticeContext(user.Email, MailDisplayName.Sanitize(user.Name), notice, authEvent.At));
        await sender.SendAsync(mail, cancellationToken).ConfigureAwait(false);
        Log.Sent(logger, notice, userId);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "Security notice {Kind} mailed to the owner of user {UserId}")]
        public static partial void Sent(ILogger logger, SecurityNoticeKind kind, Guid userId);
    }
}
