namespace Rapport.Benchmarks.Load;

/// <summary>Latencies and errors of one operation over one timed run.</summary>
public sealed class OperationStats(string name)
{
    private readonly List<double> _millis = [];
    private readonly Lock _lock = new();

    public string Name { get; } = name;
    public int Errors { get; private set; }
    public string? FirstError { get; private set; }
    public TimeSpan Elapsed { get; set; }

    public void Record(double millis, bool ok, string? error)
    {
        lock (_lock)
        {
            _millis.Add(millis);
            if (!ok)
            {
                Errors++;
                FirstError ??= error;
            }
        }
    }

    public int Count => _millis.Count;
    public double PerSecond => Elapsed.TotalSeconds > 0 ? Count / Elapsed.TotalSeconds : 0;

    public double Percentile(double p)
    {
        lock (_lock)
        {
            if (_millis.Count == 0)
            {
                return double.NaN;
            }
            var sorted = _millis.Order().ToArray();
            return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        }
    }
}
