namespace GroundedSam.Benchmarks;

/// <summary>Wall times of repeated runs of one thing, in milliseconds.</summary>
internal sealed class Measurement(string name)
{
    private readonly List<double> _samples = [];

    public string Name { get; } = name;

    public void Add(TimeSpan time) => _samples.Add(time.TotalMilliseconds);

    public double Median => Quantile(0.5);

    public double Q1 => Quantile(0.25);

    public double Q3 => Quantile(0.75);

    private double Quantile(double q)
    {
        var sorted = _samples.Order().ToArray();
        var position = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(position);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((position - lo) * (sorted[hi] - sorted[lo]));
    }
}
