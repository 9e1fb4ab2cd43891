using System.Diagnostics;
using System.Security.Cryptography;
using DistrictSferum.Protos.V1;
using Google.Protobuf;
using Grpc.Core;
using Npgsql;
using NpgsqlTypes;

namespace DistrictSferum.Benchmarks;

/// <summary>
/// Issue 12's figures (<c>bench.sh --files</c>): upload and download of 10 MB files, 8 at a time, through gRPC into the
/// PostgreSQL blob store vs raw Npgsql binary COPY / SELECT of the same bytes in the same pieces into an identical
/// table; the server's memory growth while 50 uploads of 25 MB run at once; votes per second on one poll with 60 voters.
/// </summary>
public sealed class FilesBench(BenchOptions options)
{
    private const int Piece = 256 * 1024;
    private const int Concurrent = 8;
    private const int FileBytes = 10 * 1024 * 1024;

    public async Task<string> RunAsync()
    {
        await using var server = new ServerControl(options);
        server.ExtraArgs.Add("--Files:Scanner=none");
        server.ExtraArgs.Add("--Files:SchoolQuotaBytes=1000000000000");
        await server.StartAsync();
        var codes = new CodeBook(server.CodesFile);
        var clients = new ClientPool(server.Address, options.Channels);
        var district = await new DistrictBuilder(options, clients, codes, Progress).BuildAsync();
        Progress(district.Summary());
        var schoolId = district.SchoolIds[0];
        var uploader = district.StudentChats[0].Moderator;
        using var channel = ClientPool.Channel(server.Address);
        var files = new FileService.FileServiceClient(channel);
        var rounds = options.Quick ? 2 : 3;
        var lines = new List<string>();

        // Upload and download vs raw COPY / SELECT: alternating rounds, best of each.
        double bestUp = 0, bestDown = 0, bestCopy = 0, bestSelect = 0;
        for (var round = 0; round < rounds; round++)
        {
            var seeds = Enumerable.Range(0, Concurrent).Select(i => round * 1000 + i).ToList();
            var started = Stopwatch.GetTimestamp();
            var ids = await Task.WhenAll(seeds.Select(seed => UploadAsync(files, uploader, schoolId, seed, FileBytes)));
            var up = Concurrent * (double)FileBytes / Stopwatch.GetElapsedTime(started).TotalSeconds;
            started = Stopwatch.GetTimestamp();
            var read = await Task.WhenAll(ids.Select(id => DownloadAsync(files, uploader, id)));
            var down = read.Sum() / Stopwatch.GetElapsedTime(started).TotalSeconds;
            var (copy, select) = await RawAsync(options.Connection, seeds);
            lines.Add(Fmt.Inv($"- round {round + 1}: upload {Fmt.Mib(up)}/s, download {Fmt.Mib(down)}/s, raw COPY {Fmt.Mib(copy)}/s, raw SELECT {Fmt.Mib(select)}/s"));
            Progress(lines[^1]);
            (bestUp, bestDown, bestCopy, bestSelect) = (Math.Max(bestUp, up), Math.Max(bestDown, down), Math.Max(bestCopy, copy), Math.Max(bestSelect, select));
        }

        // Memory: 50 uploads of 25 MiB at once; the server's resident set sampled every 50 ms.
        var count = options.Quick ? 20 : 50;
        var before = server.RssBytes();
        long peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, server.RssBytes());
                await Task.Delay(50);
            }
        });
        var memStarted = Stopwatch.GetTimestamp();
        var big = await Task.WhenAll(Enumerable.Range(0, count).Select(i => UploadAsync(files, uploader, schoolId, 100_000 + i, 25 * 1024 * 1024)));
        var memElapsed = Stopwatch.GetElapsedTime(memStarted);
        sampling.Cancel();
        await sampler;
        lines.Add(Fmt.Inv($"- {count} x 25 MiB at once: {big.Length} stored in {Fmt.S(memElapsed.TotalSeconds)}; server RSS {Fmt.Mib(before)} before, peak {Fmt.Mib(peak)}"));
        Progress(lines[^1]);

        // Votes: one poll in a 60-member chat, every member changing their vote as fast as answers come back.
        var chat = district.ParentChats.FirstOrDefault(c => c.Members.Count >= 60) ?? district.ClassChats.OrderByDescending(c => c.Members.Count).First();
        var polls = new PollService.PollServiceClient(channel);
        var poll = (await polls.CreatePollAsync(new CreatePollRequest { ChatId = chat.ChatId, Question = "Когда собрание?", Options = { "Вт", "Ср", "Чт" } },
            chat.Moderator.Call())).Poll;
        var voters = chat.Members.Take(60).ToList();
        var duration = TimeSpan.FromSeconds(Math.Max(3, options.CapacityDuration));
        var latencies = new List<double>();
        var voteStarted = Stopwatch.GetTimestamp();
        await Task.WhenAll(voters.Select(async (voter, v) =>
        {
            var mine = new List<double>();
            for (var i = 0; Stopwatch.GetElapsedTime(voteStarted) < duration; i++)
            {
                var t = Stopwatch.GetTimestamp();
                await polls.VoteAsync(new VoteRequest { PollId = poll.PollId, Choices = { (v + i) % 3 } }, voter.Call());
                mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }

            lock (latencies) latencies.AddRange(mine);
        }));
        var voteRate = latencies.Count / Stopwatch.GetElapsedTime(voteStarted).TotalSeconds;
        latencies.Sort();
        var p50 = latencies[latencies.Count / 2];
        var p99 = latencies[(int)(latencies.Count * 0.99)];
        var final = (await polls.GetPollAsync(new GetPollRequest { PollId = poll.PollId }, chat.Moderator.Call())).Poll;

        return string.Join('\n', [
            "# Files and polls (issue 12)",
            "",
            "| Figure | Result | Ratio / goal |",
            "|---|---|---|",
            Fmt.Inv($"| Upload, 10 MiB files, {Concurrent} at once, vs raw binary COPY of the same pieces | {Fmt.Mib(bestUp)}/s vs {Fmt.Mib(bestCopy)}/s | **{Fmt.X(bestUp / bestCopy)}** (goal ≥ 0.5x) |"),
            Fmt.Inv($"| Download, same files, {Concurrent} at once, vs raw SELECT of the pieces | {Fmt.Mib(bestDown)}/s vs {Fmt.Mib(bestSelect)}/s | **{Fmt.X(bestDown / bestSelect)}** (goal ≥ 0.5x) |"),
            Fmt.Inv($"| Server memory growth, {count} uploads of 25 MiB at once | peak RSS {Fmt.Mib(peak)} vs {Fmt.Mib(before)} before: **+{Fmt.Mib(peak - before)}** | goal < 64 MiB |"),
            Fmt.Inv($"| Votes on one poll, {voters.Count} voters changing their vote, closed loop | **{voteRate:#,0} votes/s**, p50 {p50:0.0} ms, p99 {p99:0.0} ms; {final.Voters} voters counted | |"),
            "",
            "Rounds (best of each kept above):",
            .. lines,
            "",
            $"Options: {options.Describe()}",
        ]);
    }

    /// <summary>Deterministic bytes of a file: the same seed gives the same pieces, so the hash pass and the send pass agree without holding the file.</summary>
    private static IEnumerable<byte[]> Pieces(int seed, int size)
    {
        var random = new Random(seed);
        var buffer = new byte[Piece];
        for (var at = 0; at < size; at += Piece)
        {
            var n = Math.Min(Piece, size - at);
            var piece = n == Piece ? buffer : new byte[n];
            random.NextBytes(piece);
            if (at == 0) "%PDF-1.7\n"u8.CopyTo(piece);
            yield return piece;
        }
    }

    private static async Task<string> UploadAsync(FileService.FileServiceClient files, Person who, string schoolId, int seed, int size)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var piece in Pieces(seed, size)) hash.AppendData(piece);
        using var call = files.UploadFile(who.Call());
        await call.RequestStream.WriteAsync(new UploadFileRequest
        {
            Header = new UploadFileHeader { SchoolId = schoolId, Name = $"file-{seed}.pdf", Size = size, Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset()) },
        });
        foreach (var piece in Pieces(seed, size)) await call.RequestStream.WriteAsync(new UploadFileRequest { Chunk = ByteString.CopyFrom(piece) });
        await call.RequestStream.CompleteAsync();
        return (await call.ResponseAsync).File.FileId;
    }

    private static async Task<long> DownloadAsync(FileService.FileServiceClient files, Person who, string fileId)
    {
        using var call = files.DownloadFile(new DownloadFileRequest { FileId = fileId }, who.Call());
        long bytes = 0;
        await foreach (var part in call.ResponseStream.ReadAllAsync()) bytes += part.Chunk.Length;
        return bytes;
    }

    /// <summary>The baseline: the same pieces by binary COPY into a table shaped like file_blob_chunks, then read back, 8 connections.</summary>
    private static async Task<(double Copy, double Select)> RawAsync(string connection, IReadOnlyList<int> seeds)
    {
        await using var database = NpgsqlDataSource.Create(connection);
        await using (var create = database.CreateCommand("""
            CREATE TABLE IF NOT EXISTS bench_blob_chunks (blob_id uuid NOT NULL, pos bigint NOT NULL, len integer NOT NULL, data bytea NOT NULL, PRIMARY KEY (blob_id, pos));
            ALTER TABLE bench_blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
            TRUNCATE bench_blob_chunks;
            """))
            await create.ExecuteNonQueryAsync();
        var blobs = seeds.Select(_ => Guid.NewGuid()).ToList();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(seeds.Select(async (seed, i) =>
        {
            await using var conn = await database.OpenConnectionAsync();
            await using var writer = await conn.BeginBinaryImportAsync("COPY bench_blob_chunks (blob_id, pos, len, data) FROM STDIN (FORMAT BINARY)");
            long pos = 0;
            foreach (var piece in Pieces(seed, FileBytes))
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(blobs[i], NpgsqlDbType.Uuid);
                await writer.WriteAsync(pos, NpgsqlDbType.Bigint);
                await writer.WriteAsync(piece.Length, NpgsqlDbType.Integer);
                await writer.WriteAsync(piece, NpgsqlDbType.Bytea);
                pos += piece.Length;
            }

            await writer.CompleteAsync();
        }));
        var copy = seeds.Count * (double)FileBytes / Stopwatch.GetElapsedTime(started).TotalSeconds;
        started = Stopwatch.GetTimestamp();
        var read = await Task.WhenAll(blobs.Select(async blob =>
        {
            await using var command = database.CreateCommand("SELECT data FROM bench_blob_chunks WHERE blob_id = @b ORDER BY pos");
            command.Parameters.AddWithValue("b", blob);
            long bytes = 0;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) bytes += reader.GetFieldValue<byte[]>(0).Length;
            return bytes;
        }));
        return (copy, read.Sum() / Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private static void Progress(string line) => Console.Error.WriteLine("bench: " + line);
}
