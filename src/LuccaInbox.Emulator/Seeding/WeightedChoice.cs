namespace LuccaInbox.Emulator.Seeding;

internal static class WeightedChoice
{
    /// <summary>Picks one value with a probability proportional to its weight (weights need not sum to 100).</summary>
    public static T Pick<T>(this Random rnd, (T Value, double Weight)[] options)
    {
        var roll = rnd.NextDouble() * options.Sum(o => o.Weight);
        foreach (var (value, weight) in options)
        {
            if ((roll -= weight) < 0)
            {
                return value;
            }
        }

        return options[^1].Value;
    }
}
