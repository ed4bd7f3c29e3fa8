using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Data;

public abstract class MigrationTests(DatabaseProvider provider)
{
    [Fact]
    public async Task EmptyDatabaseMigratesToExactlyTheSchemaTheModelExpects()
    {
        await using var migrated = await TestDatabase.CreateAsync(provider);
        await using var fromModel = await TestDatabase.CreateAsync(provider);
        await using (var db = migrated.Open())
        {
            await migrated.Migrator(db).MigrateAsync();
        }
        await using (var db = fromModel.Open())
        {
            await db.Database.ExecuteSqlRawAsync(db.Database.GenerateCreateScript());
        }

        await using var a = migrated.Open();
        await using var b = fromModel.Open();
        var actual = await SchemaDescriber.DescribeAsync(a);
        var expected = await SchemaDescriber.DescribeAsync(b);
        Assert.NotEmpty(expected);
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"The migrations and the EF model disagree.\nIn the model, not in the migrated database:\n  {string.Join("\n  ", missing)}\nIn the migrated database, not in the model:\n  {string.Join("\n  ", extra)}");
    }

    [Fact]
    public async Task MigratingAgainAppliesNothingAndTheDatabaseIsCurrent()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.Open();
        var first = await database.Migrator(db).MigrateAsync();
        var second = await database.Migrator(db).MigrateAsync();
        Assert.Equal(Migrator.Scripts(provider).Select(s => s.Version), first);
        Assert.Empty(second);
        Assert.True(await database.Migrator(db).IsCurrentAsync());
    }

    [Fact]
    public async Task TwoNodesMigratingAtOnceApplyEachScriptOnce()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var runs = Enumerable.Range(0, 3).Select(async _ =>
        {
            await using var db = database.Open();
            return await database.Migrator(db).MigrateAsync();
        });
        var applied = (await Task.WhenAll(runs)).SelectMany(r => r).ToList();
        Assert.Equal(Migrator.Scripts(provider).Select(s => s.Version).Order(), applied.Order());
        await using var check = database.Open();
        Assert.Equal(applied.Count, (await database.Migrator(check).AppliedAsync()).Count);
    }

    [Fact]
    public async Task UpgradingADatabaseWithDataFromThePreviousVersionKeepsIt()
    {
        var scripts = Migrator.Scripts(provider);
        Assert.True(scripts.Count >= 2, "There must be a previous version to upgrade from.");
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Open())
        {
            await database.Migrator(db).MigrateAsync(upTo: scripts[^2].Version);
            // Data written as the previous version wrote it: plain SQL against the previous schema.
            // ExecuteSqlRaw formats its text like string.Format, so the JSON braces in the data are doubled.
            await db.Database.ExecuteSqlRawAsync(PreviousVersionData.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
        }
        await using (var db = database.Open())
        {
            var applied = await database.Migrator(db).MigrateAsync();
            Assert.Equal([scripts[^1].Version], applied);
        }
        await using (var db = database.Open())
        {
            var user = await db.Users.SingleAsync();
            Assert.Equal("ana@example.test", user.Email);
            var customer = await db.Customers.Include(c => c.Identities).SingleAsync();
            Assert.Equal("Ānahit Sargsyan", customer.FullName);
            Assert.Equal("ana.s@example.test", customer.Identities.Single().Value);
            var conversation = await db.Conversations.Include(c => c.Messages).SingleAsync();
            Assert.Equal(ConversationStatus.Open, conversation.Status);
            Assert.Equal("Where is my order?", conversation.Messages.Single().BodyText);
            Assert.Equal(2, await db.Activities.CountAsync());
        }
    }

    private const string PreviousVersionData = """
        INSERT INTO users (id, email, display_name, role, password_hash, language, time_zone, is_active, failed_sign_ins, created_at)
        VALUES (1, 'ana@example.test', 'Ana', 'Admin', NULL, 'en', 'UTC', TRUE, 0, '2026-01-02 03:04:05');
        INSERT INTO customers (id, full_name, do_not_contact, custom_fields, search_text, created_at, updated_at, version)
        VALUES (1, 'Ānahit Sargsyan', FALSE, '{}', 'anahit sargsyan', '2026-01-02 03:04:05', '2026-01-02 03:04:05', 0);
        INSERT INTO customer_identities (id, customer_id, kind, value, is_primary, created_at)
        VALUES (1, 1, 'Email', 'ana.s@example.test', TRUE, '2026-01-02 03:04:05');
        INSERT INTO conversations (id, subject, status, priority, channel, customer_id, transfer_count, message_count, created_at, updated_at, version)
        VALUES (1, 'Order', 'Open', 'Normal', 'Email', 1, 0, 1, '2026-01-02 03:04:05', '2026-01-02 03:04:05', 0);
        INSERT INTO messages (id, conversation_id, kind, channel, author_customer_id, body_text, created_at)
        VALUES (1, 1, 'Inbound', 'Email', 1, 'Where is my order?', '2026-01-02 03:04:05');
        INSERT INTO activities (id, occurred_at, kind, actor_kind, actor_customer_id, customer_id, conversation_id, data)
        VALUES (1, '2026-01-02 03:04:05', 'conversation.created', 'Customer', 1, 1, 1, '{}'),
               (2, '2026-01-02 03:04:05', 'conversation.message_added', 'Customer', 1, 1, 1, '{}');
        """;
}

public sealed class MigrationTestsOnSqlite() : MigrationTests(DatabaseProvider.Sqlite);

public sealed class MigrationTestsOnPostgres() : MigrationTests(DatabaseProvider.Postgres);
