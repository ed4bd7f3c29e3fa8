namespace Rapport.Tests.Infrastructure;

/// <summary>A clock the test moves by hand. Starts at the real time so data looks current.</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;
    private readonly Lock _lock = new();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _now += by;
        }
    }

    public void Set(DateTimeOffset to)
    {
        lock (_lock)
        {
            _now = to;
        }
    }
}
