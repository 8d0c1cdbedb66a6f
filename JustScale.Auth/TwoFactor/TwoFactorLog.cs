using Microsoft.Extensions.Logging;

namespace JustScale.Auth;

/// <summary>Logs what two-factor login's setup decides.</summary>
internal static partial class TwoFactorLog
{
    [LoggerMessage(EventId = 2410, Level = LogLevel.Warning,
        Message = "The Data Protection key ring is encrypted with a generated development key kept in {Path}, outside the database; in production set JustScale:Secrets:EncryptionKey (environment JustScale__Secrets__EncryptionKey)")]
    public static partial void DevelopmentKeyFile(ILogger logger, string path);
}
