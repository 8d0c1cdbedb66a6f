using Microsoft.Extensions.Logging;

namespace JustScale.Auth;

// Log events; none of them carries a password or a hash.
public sealed partial class PasswordService
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Password hashing overloaded: all {MaxConcurrentHashes} slots stayed busy for {QueueWaitMs} ms; the caller gets 503")]
        public static partial void Overloaded(ILogger logger, int maxConcurrentHashes, double queueWaitMs);

        [LoggerMessage(2, LogLevel.Warning, "A stored password hash is in no recognised format; verification fails")]
        public static partial void MalformedHash(ILogger logger);
    }
}
