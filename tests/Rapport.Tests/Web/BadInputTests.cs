using System.Net;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Web;

/// <summary>Input that is not what an endpoint reads is a 400 problem naming the field, never a 500.</summary>
public abstract class BadInputTests(RapportApp app)
{
    [Theory]
    [InlineData("{", null)]
    [InlineData("[]", null)]
    [InlineData("\"text\"", null)]
    [InlineData("{\"full_name\":5}", "full_name")]
    [InlineData("{\"full_name\":\"x\",\"emails\":\"a@b.c\"}", "emails")]
    [InlineData("{\"full_name\":\"x\",\"value\":1e400}", "value")]
    [InlineData("{\"full_name\":\"x\",\"company_id\":99999999999999999999}", "company_id")]
    [InlineData("{\"full_name\":\"x\",\"preferred_channel\":3}", "preferred_channel")]
    [InlineData("{\"full_name\":\"x\",\"preferred_channel\":\"pigeon\"}", "preferred_channel")]
    public async Task WrongShapesAreA400NamingTheField(string json, string? field)
    {
        var user = await app.CreateUserAsync();
        var problem = await (await user.Client.PostAsync("/api/v1/customers", ApiAssertions.RawJson(json))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        if (field is not null)
        {
            Assert.NotNull(problem["errors"]?[field]);
        }
    }

    [Fact]
    public async Task AMissingBodyIsA400ThatSaysSo()
    {
        var user = await app.CreateUserAsync();
        var problem = await (await user.Client.PostAsync("/api/v1/customers", ApiAssertions.RawJson(""))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("A JSON body is required.", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnIdThatIsNotANumberIsA400OrA404NeverA500()
    {
        var user = await app.CreateUserAsync();
        var response = await user.Client.GetAsync("/api/v1/customers/not-a-number");
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"got {(int)response.StatusCode}");
    }
}

public sealed class BadInputTestsOnSqlite(SqliteApp app) : BadInputTests(app), IClassFixture<SqliteApp>;

public sealed class BadInputTestsOnPostgres(PostgresApp app) : BadInputTests(app), IClassFixture<PostgresApp>;
