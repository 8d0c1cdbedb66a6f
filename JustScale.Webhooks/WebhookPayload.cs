using System.Buffers;
using System.Text;
using System.Text.Json;
using JustScale.Auth;

namespace JustScale.Webhooks;

/// <summary>Writes an auth event as a CloudEvents 1.0 JSON object (specversion, id, type, source, subject, time, datacontenttype, data).</summary>
/// <remarks>The data holds ids and a count only: no email, IP, token or secret.</remarks>
internal static class WebhookPayload
{
    public static string Write(string messageId, AuthEvent authEvent, string source)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("specversion", "1.0");
            json.WriteString("id", messageId);
            json.WriteString("type", authEvent.Type);
            json.WriteString("source", source);
            if (authEvent.UserId is { } subject)
            {
                json.WriteString("subject", subject);
            }

            json.WriteString("time", authEvent.At.ToUniversalTime());
            json.WriteString("datacontenttype", "application/json");
            json.WriteStartObject("data");
            WriteId(json, "userId", authEvent.UserId);
            WriteId(json, "sessionId", authEvent.SessionId);
            WriteId(json, "actorId", authEvent.ActorId);
            json.WriteNumber("count", authEvent.Count);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteId(Utf8JsonWriter json, string name, Guid? id)
    {
        if (id is { } value)
        {
            json.WriteString(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
