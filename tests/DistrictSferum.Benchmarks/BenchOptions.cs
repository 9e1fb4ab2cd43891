using System.Globalization;

namespace DistrictSferum.Benchmarks;

/// <summary>What to run and how big (command line: <c>--name value</c>; <c>--quick</c> shrinks everything).</summary>
public sealed class BenchOptions
{
    public bool Quick { get; private set; }

    /// <summary>The built server (src/DistrictSferum.Server/bin/Release/net10.0/DistrictSferum.Server.dll).</summary>
    public string ServerDll { get; private set; } = "";

    /// <summary>Npgsql connection string of the private PostgreSQL (fsync on) the server and the baselines use.</summary>
    public string Connection { get; private set; } = "";

    /// <summary>Scratch folder: the server's data folder (sign-in codes), its log, pid files.</summary>
    public string Work { get; private set; } = "";

    public int Schools { get; private set; } = 2;

    /// <summary>Classes in the whole district; each has a students' chat (the ejabberd workload's rooms).</summary>
    public int Classes { get; private set; } = 100;

    public int StudentsPerClass { get; private set; } = 27;

    /// <summary>Online members per students' chat (the class teacher and the first students); DESIGN §9: 25.</summary>
    public int OnlinePerChat { get; private set; } = 25;

    /// <summary>Classes that also get all their parents and a parents' chat of about 60 members.</summary>
    public int ParentClasses { get; private set; } = 2;

    /// <summary>Small chats (kind Other, only the creator) made for the memory-per-grain measurement.</summary>
    public int ExtraChats { get; private set; } = 1000;

    /// <summary>Outstanding sends of the closed-loop capacity test and of the raw single-row baseline.</summary>
    public int Concurrency { get; private set; } = 64;

    /// <summary>A second, higher concurrency for the peak (0: skip).</summary>
    public int PeakConcurrency { get; private set; } = 256;

    /// <summary>Offered rate of the ejabberd-comparison workload (msg/s).</summary>
    public double Rate { get; private set; } = 1000;

    /// <summary>Measured seconds of each open-loop latency run (after a warm-up).</summary>
    public double Duration { get; private set; } = 30;

    /// <summary>Measured seconds of each closed-loop capacity run and of each baseline configuration.</summary>
    public double CapacityDuration { get; private set; } = 10;

    public double Warmup { get; private set; } = 3;

    /// <summary>People being set up at once.</summary>
    public int SetupParallelism { get; private set; } = 24;

    /// <summary>GrpcChannels the load client spreads its people over (each opens more HTTP/2 connections as needed).</summary>
    public int Channels { get; private set; } = 8;

    /// <summary>Messages sent to every class chat while its members are offline, before the 08:00 storm.</summary>
    public int StormMessagesPerChat { get; private set; } = 20;

    /// <summary>Message body length in characters (Cyrillic, as parents write).</summary>
    public int BodyLength { get; private set; } = 80;

    public string? ReportFile { get; private set; }

    /// <summary>Extra server arguments (after <c>--</c>), e.g. --Orleans:Streams:PollPeriod=00:00:00.001.</summary>
    public List<string> ServerArgs { get; } = [];

    /// <summary>Run only issue 11's statistics figures (<c>bench.sh --statistics</c>).</summary>
    public bool Statistics { get; private set; }

    /// <summary>With --statistics: only these of its figures (sends, watch, query); all when none is named.</summary>
    public HashSet<string> StatisticsPhases { get; } = [];

    /// <summary>Run only issue 12's figures: file upload/download vs raw COPY/SELECT, memory under 50 uploads, votes (<c>bench.sh --files</c>).</summary>
    public bool Files { get; private set; }

    /// <summary>Run only issue 8's figure: GetChat with the per-call session check on vs off (<c>bench.sh --sessions</c>).</summary>
    public bool Sessions { get; private set; }

    /// <summary>
    /// Run only issue 15's capacity search on the ejabberd-comparison workload, as the peer measures it: from 200 msg/s,
    /// double while send-to-last-recipient p99 stays under 50 ms with no failed send and no missing delivery, then
    /// bisect; twice (<c>bench.sh --capacity</c>).
    /// </summary>
    public bool CapacitySearch { get; private set; }

    /// <summary>Run only issue 15's cost table: active chats 10 to 10,000 and open streams 1k to 20k (<c>bench.sh --cost</c>).</summary>
    public bool Cost { get; private set; }

    /// <summary>Run only issue 15's September 1st: one school's members all join through links at once (<c>bench.sh --september</c>).</summary>
    public bool September { get; private set; }

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        if (args.Contains("--quick")) o.ApplyQuick();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a == "--")
            {
                o.ServerArgs.AddRange(args[(i + 1)..]);
                break;
            }

            if (a == "--quick") continue;
            if (a == "--files")
            {
                o.Files = true;
                continue;
            }

            if (a == "--sessions")
            {
                o.Sessions = true;
                continue;
            }

            if (a == "--capacity")
            {
                o.CapacitySearch = true;
                continue;
            }

            if (a == "--cost")
            {
                o.Cost = true;
                continue;
            }

            if (a == "--september")
            {
                o.September = true;
                continue;
            }

            if (a == "--statistics")
            {
                o.Statistics = true;
                continue;
            }

            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{a} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            double Dbl() => double.Parse(Next(), CultureInfo.InvariantCulture);
            switch (a)
            {
                case "--server-dll": o.ServerDll = Path.GetFullPath(Next()); break;
                case "--connection": o.Connection = Next(); break;
                case "--work": o.Work = Path.GetFullPath(Next()); break;
                case "--statistics-phase": o.StatisticsPhases.Add(Next()); break;
                case "--schools": o.Schools = Int(); break;
                case "--classes": o.Classes = Int(); break;
                case "--students": o.StudentsPerClass = Int(); break;
                case "--online": o.OnlinePerChat = Int(); break;
                case "--parent-classes": o.ParentClasses = Int(); break;
                case "--extra-chats": o.ExtraChats = Int(); break;
                case "--concurrency": o.Concurrency = Int(); break;
                case "--peak-concurrency": o.PeakConcurrency = Int(); break;
                case "--rate": o.Rate = Dbl(); break;
                case "--duration": o.Duration = Dbl(); break;
                case "--capacity-duration": o.CapacityDuration = Dbl(); break;
                case "--warmup": o.Warmup = Dbl(); break;
                case "--setup-parallelism": o.SetupParallelism = Int(); break;
                case "--channels": o.Channels = Int(); break;
                case "--storm-messages": o.StormMessagesPerChat = Int(); break;
                case "--body-length": o.BodyLength = Int(); break;
                case "--report": o.ReportFile = Path.GetFullPath(Next()); break;
                default: throw new ArgumentException($"unknown option {a}");
            }
        }

        if (o.ServerDll.Length == 0 || o.Connection.Length == 0 || o.Work.Length == 0)
            throw new ArgumentException("--server-dll, --connection and --work are required (deploy/local/bench.sh passes them)");
        if (o.Schools < 1 || o.Classes < o.Schools || o.StudentsPerClass < 2 || o.OnlinePerChat < 2 || o.OnlinePerChat > o.StudentsPerClass + 1)
            throw new ArgumentException("need schools >= 1, classes >= schools, 2 <= online <= students + 1");
        if (o.ParentClasses > o.Classes) o.ParentClasses = o.Classes;
        if (o.Cost && !args.Contains("--extra-chats")) o.ExtraChats = (o.Quick ? 1_000 : 10_000) + 5;
        return o;
    }

    private void ApplyQuick()
    {
        Quick = true;
        Classes = 20;
        ParentClasses = 1;
        ExtraChats = 200;
        PeakConcurrency = 0;
        Duration = 8;
        CapacityDuration = 4;
        Warmup = 2;
        StormMessagesPerChat = 10;
    }

    public string Describe() => string.Join(' ',
        Quick ? "--quick" : "", $"--schools {Schools} --classes {Classes} --students {StudentsPerClass} --online {OnlinePerChat}",
        $"--parent-classes {ParentClasses} --extra-chats {ExtraChats} --concurrency {Concurrency} --rate {Rate.ToString(CultureInfo.InvariantCulture)}",
        $"--duration {Duration.ToString(CultureInfo.InvariantCulture)}").Trim();
}
