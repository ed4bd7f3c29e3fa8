using Rapport.Features.Customers;

namespace Rapport.Tests.Features.Customers;

public sealed class SearchNormaliserTests
{
    [Theory]
    [InlineData("علي", "علی")]            // Arabic yeh → Persian yeh
    [InlineData("كريم", "کریم")]          // Arabic kaf → Persian keheh
    [InlineData("می‌خواهم", "میخواهم")]   // ZWNJ dropped
    [InlineData("فاطمة", "فاطمه")]         // teh marbuta → heh
    [InlineData("آرش", "ارش")]             // alef with madda → alef
    [InlineData("مـــحمد", "محمد")]        // tatweel dropped
    [InlineData("خانۀ ما", "خانه ما")]      // heh with yeh above → heh
    [InlineData("مسئله", "مسیله")]         // yeh with hamza → yeh
    public void PersianSpellingVariantsFoldTogether(string typed, string stored) =>
        Assert.Equal(SearchNormaliser.Normalise(stored), SearchNormaliser.Normalise(typed));

    [Theory]
    [InlineData("۰۹۱۲ ۳۴۵ ۶۷۸۹", "0912 345 6789")]
    [InlineData("٠٩١٢٣٤٥٦٧٨٩", "09123456789")]
    public void PersianAndArabicDigitsReadAsAsciiDigits(string typed, string expected) =>
        Assert.Equal(expected, SearchNormaliser.Normalise(typed));

    [Fact]
    public void ArmenianFoldsCase() =>
        Assert.Equal("անահիտ սարգսյան", SearchNormaliser.Normalise("Անահիտ Սարգսյան"));

    [Theory]
    [InlineData("José Müller", "jose muller")]
    [InlineData("  Ānahit   ÇELİK ", "anahit celik")]
    public void LatinAccentsAndCaseAndSpacesFold(string typed, string expected) =>
        Assert.Equal(expected, SearchNormaliser.Normalise(typed));

    [Fact]
    public void EmptyAndNullGiveEmpty()
    {
        Assert.Equal("", SearchNormaliser.Normalise(null));
        Assert.Equal("", SearchNormaliser.Normalise("\u200C \u200C"));
    }
}

public sealed class IdentityNormaliserTests
{
    [Theory]
    [InlineData("+98 912 345 6789", "+989123456789")]
    [InlineData("0098 912-345-6789", "+989123456789")]
    [InlineData("+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹", "+989123456789")]
    [InlineData("۰۰۹۸۹۱۲۳۴۵۶۷۸۹", "+989123456789")]
    [InlineData("+374 (10) 55.12.34", "+37410551234")]
    [InlineData("+44\u00A020 7946 0958", "+442079460958")]
    public void PhonesBecomeE164(string typed, string expected) =>
        Assert.Equal(expected, IdentityNormaliser.Phone(typed));

    [Theory]
    [InlineData("09123456789")]     // local: no country code
    [InlineData("912 345 6789")]
    [InlineData("+98 912 CALL ME")] // letters
    [InlineData("+0123456789")]     // country codes never start with 0
    [InlineData("+1234567")]        // too short
    [InlineData("+1234567890123456")] // too long
    [InlineData("")]
    public void PhonesThatCannotBeE164AreRejected(string typed) =>
        Assert.Null(IdentityNormaliser.Normalise(IdentityKind.Phone, typed));

    [Theory]
    [InlineData(" Ana.S@Example.COM ", "ana.s@example.com")]
    [InlineData("nilufar+vip@mail.example.ir", "nilufar+vip@mail.example.ir")]
    public void EmailsAreTrimmedAndLowerCased(string typed, string expected) =>
        Assert.Equal(expected, IdentityNormaliser.Email(typed));

    [Theory]
    [InlineData("ana@")]
    [InlineData("@example.com")]
    [InlineData("ana example@example.com")]
    [InlineData("ana@example")]
    [InlineData("ana@@example.com")]
    public void InvalidEmailsAreRejected(string typed) =>
        Assert.Null(IdentityNormaliser.Normalise(IdentityKind.Email, typed));

    [Fact]
    public void OtherKindsAreTrimmedAndKept() =>
        Assert.Equal("visitor-42", IdentityNormaliser.Normalise(IdentityKind.ChatVisitor, "  visitor-42 "));
}
