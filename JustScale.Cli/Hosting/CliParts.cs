namespace JustScale.Cli;

/// <summary>Names the services a command needs beyond users and sessions, so that a cluster holds only what it uses.</summary>
[Flags]
internal enum CliParts
{
    /// <summary>Users, sessions and the tables of every JustScale package (for <c>migrate</c>).</summary>
    Users = 0,

    /// <summary>Access tokens' signing keys (<c>AccessTokenService</c>).</summary>
    Tokens = 1,

    /// <summary>The secrets' key ring (<c>SecretProtection</c>): needs the key-encryption key.</summary>
    Secrets = 2,

    /// <summary>Every table, the audit trail's included even when the database has none yet (<c>migrate</c>).</summary>
    Schema = 4,

    /// <summary>The audit trail (<c>AuditLog</c>): the database must have one.</summary>
    Audit = 8,
}
