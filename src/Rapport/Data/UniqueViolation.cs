using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Rapport.Data;

/// <summary>
/// Tells a unique-key violation from other database failures on both providers: two requests that
/// create the same tag or identity at the same instant both pass their existence check, and the
/// database refuses the second. That is a conflict the caller can retry, not a server error.
/// </summary>
public static class UniqueViolation
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    public static bool Is(Exception exception) => (exception as DbUpdateException)?.InnerException switch
    {
        SqliteException { SqliteErrorCode: SqliteConstraint } e => e.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        PostgresException e => e.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
