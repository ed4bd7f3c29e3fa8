using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Rapport.Data;

/// <summary>Names every table, column, key and index in snake_case, so hand-written SQL reads naturally on both databases.</summary>
internal static class SnakeCaseNames
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            if (table is null)
            {
                continue;
            }
            entity.SetTableName(ToSnake(table));
            var store = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnake(property.GetColumnName(store) ?? property.Name));
            }
            foreach (var key in entity.GetKeys())
            {
                key.SetName(ToSnake(key.GetName() ?? ""));
            }
            foreach (var fk in entity.GetForeignKeys())
            {
                fk.SetConstraintName(ToSnake(fk.GetConstraintName() ?? ""));
            }
            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(ToSnake(index.GetDatabaseName() ?? ""));
            }
        }
    }

    public static string ToSnake(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    sb.Append('_');
                }
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
