using System.Buffers;
using System.Text.Json;

namespace JustScale.Http.Json;

/// <summary>Serializes into a reusable per-thread buffer, so a response's JSON costs no allocation of its own.</summary>
/// <remarks>Serialization is synchronous, so a buffer is rented and returned on the same thread; large buffers are not kept.</remarks>
internal sealed class JsonBuffer
{
    private const int MaxRetainedBytes = 64 * 1024;

    [ThreadStatic]
    private static JsonBuffer? t_cached;

    private readonly ArrayBufferWriter<byte> _buffer = new(512);

    private JsonBuffer() =>
        Writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });

    /// <summary>Gets the writer that fills the buffer.</summary>
    public Utf8JsonWriter Writer { get; }

    /// <summary>Gets the JSON written so far (flushing the writer first).</summary>
    public ReadOnlySpan<byte> WrittenSpan
    {
        get
        {
            Writer.Flush();
            return _buffer.WrittenSpan;
        }
    }

    /// <summary>Takes this thread's buffer, or a new one, emptied.</summary>
    public static JsonBuffer Rent()
    {
        var buffer = t_cached ?? new JsonBuffer();
        t_cached = null;
        buffer._buffer.ResetWrittenCount();
        buffer.Writer.Reset(buffer._buffer);
        return buffer;
    }

    /// <summary>Gives a buffer back to this thread, unless it grew large.</summary>
    public static void Return(JsonBuffer buffer)
    {
        if (buffer._buffer.Capacity <= MaxRetainedBytes)
        {
            t_cached = buffer;
        }
    }
}
