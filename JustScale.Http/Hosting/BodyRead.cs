namespace JustScale.Http.Hosting;

/// <summary>Holds the outcome of reading a body: the pooled bytes, or that it was over the limit (and whether it was read to its end).</summary>
internal readonly record struct BodyRead(byte[]? Buffer, int Length, bool IsTooLarge, bool Drained)
{
    /// <summary>Creates the outcome of a body within the limit.</summary>
    public static BodyRead Fits(byte[] buffer, int length) => new(buffer, length, false, true);

    /// <summary>Creates the outcome of a body over the limit.</summary>
    public static BodyRead TooLarge(bool drained) => new(null, 0, true, drained);
}
