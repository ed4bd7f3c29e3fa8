using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Tests.Infrastructure;

/// <summary>
/// Reads a database's schema back as sorted lines (tables, columns with type and nullability,
/// indexes with their columns and uniqueness, foreign keys), so two schemas compare as text.
/// Search indexes the EF model cannot express are left out on both sides: SQLite FTS5 virtual
/// tables and their shadow tables, PostgreSQL GIN and GiST indexes (pg_trgm, tsvector).
/// </summary>
public static class SchemaDescriber
{
    public static async Task<List<string>> DescribeAsync(RapportDb db)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            return db.IsSqlite ? await DescribeSqliteAsync(connection) : await DescribePostgresAsync(connection);
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static async Task<List<string>> DescribeSqliteAsync(DbConnection c)
    {
        var lines = new List<string>();
        var tables = await QueryAsync(c, "SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'");
        var virtualTables = tables.Where(r => r[1].StartsWith("CREATE VIRTUAL TABLE", StringComparison.OrdinalIgnoreCase)).Select(r => r[0]).ToList();
        bool IsSearchIndex(string table) => virtualTables.Any(v => table == v || table.StartsWith(v + "_", StringComparison.Ordinal));
        foreach (var t in tables.Select(r => r[0]).Where(t => !IsSearchIndex(t)))
        {
            lines.Add($"table {t}");
            foreach (var col in await QueryAsync(c, $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{t}')"))
            {
                lines.Add($"column {t}.{col[0]} {col[1]} {(col[2] == "1" ? "not null" : "null")} pk={col[3]}");
            }
            foreach (var idx in await QueryAsync(c, $"SELECT name, \"unique\", origin FROM pragma_index_list('{t}')"))
            {
                var cols = await QueryAsync(c, $"SELECT name FROM pragma_index_info('{idx[0]}') ORDER BY seqno");
                var name = idx[2] == "c" ? idx[0] : $"({idx[2]})";
                lines.Add($"index {t}.{name} unique={idx[1]} on {string.Join(",", cols.Select(x => x[0]))}");
            }
            foreach (var fk in await QueryAsync(c, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{t}')"))
            {
                lines.Add($"fk {t}.{fk[1]} -> {fk[0]}.{fk[2]} on delete {fk[3]}");
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static async Task<List<string>> DescribePostgresAsync(DbConnection c)
    {
        var lines = new List<string>();
        foreach (var r in await QueryAsync(c, """
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'
            """))
        {
            lines.Add($"table {r[0]}");
        }
        foreach (var r in await QueryAsync(c, """
            SELECT table_name, column_name, data_type, coalesce(character_maximum_length::text, ''), is_nullable, coalesce(numeric_precision::text, ''), coalesce(numeric_scale::text, ''), is_identity
            FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'
            """))
        {
            lines.Add($"column {r[0]}.{r[1]} {r[2]}({r[3]}) {(r[4] == "YES" ? "null" : "not null")} numeric({r[5]},{r[6]}) identity={r[7]}");
        }
        foreach (var r in await QueryAsync(c, """
            SELECT tablename, indexname, indexdef FROM pg_indexes
            WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'
              AND indexdef NOT LIKE '% USING gin %' AND indexdef NOT LIKE '% USING gist %'
            """))
        {
            lines.Add($"index {r[0]}.{r[1]} {r[2]}");
        }
        foreach (var r in await QueryAsync(c, """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE connamespace = current_schema()::regnamespace AND conrelid::regclass::text <> 'schema_migrations'
            """))
        {
            lines.Add($"constraint {r[0]}.{r[1]} {r[2]}");
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static async Task<List<string[]>> QueryAsync(DbConnection c, string sql)
    {
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }
            rows.Add(row);
        }
        return rows;
    }
}
