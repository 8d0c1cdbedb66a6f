namespace JustScale.Postgres;

/// <summary>Identifies the shape of a statement (kind, conditions, options) so its SQL text is built once and reused.</summary>
/// <param name="Kind">The statement kind and its small options, packed.</param>
/// <param name="Conditions">Up to five conditions packed as (column, comparison, null) triples, or 0 with <paramref name="Extra"/>.</param>
/// <param name="Extra">The shape of what does not fit, as text; null when everything fits.</param>
internal readonly record struct SqlKey(int Kind, long Conditions, string? Extra);
