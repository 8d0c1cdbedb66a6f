namespace JustScale.Http.Hosting;

/// <summary>Holds the outcome of reading a body: the pooled bytes, or that it was over the limit (and whether it was read to its end), or over the process-wide budget.</summary>
/// <remarks><see cref="Reserved"/> is what the buffer took from the <see cref="RequestBodyBudget"/>, given back with the buffer.</remarks>
internal readonly record struct BodyRead(byte[]? Buffer, int Length, bool IsTooLarge, bool Drained, bool IsOverBudget = false, long Reserved = 0)
{
    /// <summary>Creates the outcome of a body within the limit.</summary>
    public static BodyRead Fits(byte[] buffer, int length, long reserved) => new(buffer, length, false, true, false, reserved);

    /// <summary>Creates the outcome of a body over the limit.</summary>
    public static BodyRead TooLarge(bool drained) => new(null, 0, true, drained);

    /// <summary>Creates the outcome of a body refused because the process holds as many body bytes as it may.</summary>
    public static BodyRead OverBudget() => new(null, 0, false, false, true);
}
