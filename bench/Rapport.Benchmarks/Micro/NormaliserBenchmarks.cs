using BenchmarkDotNet.Attributes;
using Rapport.Features.Customers;

namespace Rapport.Benchmarks.Micro;

/// <summary>The folding every customer save and every search query goes through.</summary>
[MemoryDiagnoser]
public class NormaliserBenchmarks
{
    private const string Persian = "سلام، سفارش شمارهٔ ۱۲۳۴۵ من هنوز نرسیده و می‌خواهم بدانم كي مي‌رسد";
    private const string English = "Hello, my order number 12345 still hasn't arrived — could you tell me when it will?";
    private const string Armenian = "Բարև Ձեզ, իմ պատվերը դեռ չի հասել";

    [Benchmark]
    public string FoldPersian() => SearchNormaliser.Normalise(Persian);

    [Benchmark]
    public string FoldEnglish() => SearchNormaliser.Normalise(English);

    [Benchmark]
    public string FoldArmenian() => SearchNormaliser.Normalise(Armenian);

    [Benchmark]
    public string? PhoneToE164() => IdentityNormaliser.Phone("+98 (912) ۱۲۳-۴۵۶۷");
}
