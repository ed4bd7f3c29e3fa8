namespace Rapport.Features.Import;

/// <summary>A line that did not land, with its 1-based number in the file and its errors by field.</summary>
public sealed record ImportFailure(long Line, IDictionary<string, string[]> Errors);

/// <param name="FailedCount">All failed lines; <paramref name="Failed"/> lists the first <see cref="ConversationImporter.MaxReportedFailures"/>.</param>
public sealed record ImportResult(int Imported, int Skipped, int FailedCount, IReadOnlyList<ImportFailure> Failed);

public sealed record ImportProgress(long Lines, int Imported, int Skipped, int Failed);
