using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Customers;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Data;

/// <summary>
/// Two writers that both found no tag named X and both create it: the database refuses the second,
/// and the refusal is recognised as a unique violation (the API answers 409, not 500).
/// </summary>
public abstract class UniqueViolationTests(RapportApp app)
{
    [Fact]
    public async Task ASecondRowWithTheSameUniqueKeyIsRecognised()
    {
        var name = "race-" + Guid.NewGuid().ToString("N")[..8];
        await app.WithDbAsync(async db =>
        {
            db.Tags.Add(new Tag(name, DateTime.UtcNow));
            await db.SaveChangesAsync();
        });

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            db.Tags.Add(new Tag(name, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }));

        Assert.True(UniqueViolation.Is(error), error.InnerException?.Message);
    }

    [Fact]
    public async Task AForeignKeyFailureIsNotAUniqueViolation()
    {
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            db.CustomerTags.Add(new CustomerTag { CustomerId = long.MaxValue, TagId = long.MaxValue });
            await db.SaveChangesAsync();
        }));

        Assert.False(UniqueViolation.Is(error));
    }
}

public sealed class UniqueViolationTestsOnSqlite(SqliteApp app) : UniqueViolationTests(app), IClassFixture<SqliteApp>;

public sealed class UniqueViolationTestsOnPostgres(PostgresApp app) : UniqueViolationTests(app), IClassFixture<PostgresApp>;
