using System.ComponentModel.DataAnnotations;
using DistrictSferum.Contracts.Options;

namespace DistrictSferum.Grains.Statistics;

/// <summary>Statistics settings (section "Statistics").</summary>
public sealed class StatisticsOptions
{
    public const string Section = "Statistics";

    /// <summary>Off: no aggregator runs (the durable sources still fill; turning it on catches up from the checkpoints).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The district's k: distinct members behind every published cell (DIS-4), never below 3.</summary>
    [Range(Suppression.MinimumK, int.MaxValue)]
    public int K { get; set; } = Suppression.DefaultK;

    /// <summary>How often a school's aggregator reads its sources.</summary>
    [Positive]
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long after its end a minute waits for late commits before it closes.</summary>
    [Positive]
    public TimeSpan CloseGrace { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After this long a hole in a source's sequence (a rolled-back insert) is stepped over.</summary>
    [Positive]
    public TimeSpan GapTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Rows read per source per round.</summary>
    [Range(1, 1_000_000)]
    public int BatchSize { get; set; } = 5000;

    /// <summary>
    /// How often a server process writes its heartbeat for the Subscribe streams it holds (default 30 s). A process
    /// silent for three of these is dead: a live one counts its open sessions up to its last heartbeat.
    /// </summary>
    [Positive]
    public TimeSpan SessionHeartbeat { get; set; } = TimeSpan.FromSeconds(30);
}
