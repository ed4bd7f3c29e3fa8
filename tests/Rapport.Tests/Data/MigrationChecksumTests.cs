using Rapport.Data;

namespace Rapport.Tests.Data;

public class MigrationChecksumTests
{
    [Fact]
    public void LineEndingsDoNotChangeTheChecksum() =>
        Assert.Equal(MigrationHistory.Checksum("CREATE TABLE a (x int);\nDROP TABLE b;\n"), MigrationHistory.Checksum("CREATE TABLE a (x int);\r\nDROP TABLE b;\r"));

    [Fact]
    public void AnyOtherChangeDoes() =>
        Assert.NotEqual(MigrationHistory.Checksum("CREATE TABLE a (x int);\n"), MigrationHistory.Checksum("CREATE TABLE a (x bigint);\n"));

    [Fact]
    public void TheChecksumIsTheLowercaseHexSha256() =>
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", MigrationHistory.Checksum(""));
}
