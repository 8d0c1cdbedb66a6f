using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Represents one ASP.NET Core Data Protection key as XML (table <c>data_protection_keys</c>), kept by <see cref="DataProtectionKeyStore"/>.</summary>
/// <remarks>The key ring that encrypts the TOTP secrets: every instance of the app reads the same keys from the store.</remarks>
public sealed class KeyRingEntry : Entity, IModel<KeyRingEntry>
{
    /// <summary>Gets the model: friendly name and the key's XML.</summary>
    public static Model<KeyRingEntry> Model { get; } = Model<KeyRingEntry>.Define("DataProtectionKey", m => m
        .String(k => k.FriendlyName, maxLength: 255)
        .Field(k => k.Xml));

    /// <summary>Gets or sets the name Data Protection gave the key (<c>key-&lt;id&gt;</c>).</summary>
    public string? FriendlyName { get; set; }

    /// <summary>Gets or sets the key's XML element, as Data Protection wrote it.</summary>
    public string Xml { get; set; } = "";

    /// <summary>Returns the key's id and name, never its XML.</summary>
    public override string ToString() => $"KeyRingEntry {Id} ({FriendlyName})";
}
