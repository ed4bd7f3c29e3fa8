using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Rapport.Data;

/// <summary>
/// Inserts many new rows of one entity type with multi-row INSERTs, untracked, inside the caller's
/// transaction. For imports: EF's change tracker writes one statement per row and reads every id
/// back, which costs more than SQLite spends storing the row. Column names, conversions (enums as
/// strings, UTC times) and parameter types all come from the EF model, so the rows are exactly what
/// <c>SaveChanges</c> would have written; store-generated keys are left to the database and not read back.
/// </summary>
internal static class BulkInsert
{
    /// <summary>
    /// Parameters per statement. SQLite finds each parameter by name with a linear search, so binding
    /// grows with the square of this: a few hundred is past the gain and far from that cost.
    /// </summary>
    private const int ParametersPerStatement = 200;

    public static async Task InsertAsync<T>(RapportDb db, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk inserts run inside a write transaction.");
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var columns = Columns(entityType);
        var sql = db.GetService<ISqlGenerationHelper>();
        var rowsPerStatement = Math.Max(1, ParametersPerStatement / columns.Count);
        // Named as they appear in the SQL (@p0): SQLite looks a bare name up again with each prefix.
        var names = Enumerable.Range(0, rowsPerStatement * columns.Count).Select(i => sql.GenerateParameterNamePlaceholder(Parameter(i))).ToArray();

        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        var prepared = -1;
        for (var start = 0; start < rows.Count; start += rowsPerStatement)
        {
            var count = Math.Min(rowsPerStatement, rows.Count - start);
            if (count != prepared)
            {
                // Full chunks share one statement text, which SQLite then prepares once.
                command.CommandText = Statement(sql, entityType, columns, count);
                prepared = count;
            }
            command.Parameters.Clear();
            for (var r = 0; r < count; r++)
            {
                var row = rows[start + r];
                for (var c = 0; c < columns.Count; c++)
                {
                    var column = columns[c];
                    command.Parameters.Add(column.Mapping.CreateParameter(command, names[(r * columns.Count) + c], column.Value(row), column.Nullable));
                }
            }
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private sealed record Column(string Name, RelationalTypeMapping Mapping, bool Nullable, Func<object, object?> Value);

    private static List<Column> Columns(IEntityType entityType)
    {
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var columns = new List<Column>();
        foreach (var property in entityType.GetProperties())
        {
            if (property.IsPrimaryKey() && property.ValueGenerated != ValueGenerated.Never)
            {
                continue;
            }
            if (property.IsShadowProperty())
            {
                throw new NotSupportedException($"{entityType.DisplayName()}.{property.Name} is a shadow property; bulk inserts read CLR properties only.");
            }
            columns.Add(new Column(property.GetColumnName(table)!, property.GetRelationalTypeMapping(), property.IsNullable, ValueOf(property)));
        }
        return columns;
    }

    /// <summary>A foreign key whose navigation points at an entity takes that entity's key, as EF's fix-up would have.</summary>
    private static Func<object, object?> ValueOf(IProperty property)
    {
        var own = property.GetGetter();
        var foreignKey = property.GetContainingForeignKeys().FirstOrDefault(fk => fk.DependentToPrincipal is not null && fk.Properties.Count == 1);
        if (foreignKey is null)
        {
            return own.GetClrValue;
        }
        var navigation = foreignKey.DependentToPrincipal!.GetGetter();
        var principalKey = foreignKey.PrincipalKey.Properties[0].GetGetter();
        return entity =>
        {
            if (navigation.GetClrValue(entity) is not { } principal)
            {
                return own.GetClrValue(entity);
            }
            return principalKey.HasSentinelValue(principal)
                ? throw new InvalidOperationException($"Save the {foreignKey.PrincipalEntityType.DisplayName()} before bulk-inserting rows that point at it.")
                : principalKey.GetClrValue(principal);
        };
    }

    private static string Parameter(int index) => string.Create(CultureInfo.InvariantCulture, $"p{index}");

    private static string Statement(ISqlGenerationHelper sql, IEntityType entityType, List<Column> columns, int rows)
    {
        var text = new StringBuilder("INSERT INTO ")
            .Append(sql.DelimitIdentifier(entityType.GetTableName()!, entityType.GetSchema()))
            .Append(" (")
            .AppendJoin(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))
            .Append(") VALUES ");
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Count; c++)
            {
                text.Append(c == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(Parameter((r * columns.Count) + c)));
            }
            text.Append(')');
        }
        return text.ToString();
    }
}
