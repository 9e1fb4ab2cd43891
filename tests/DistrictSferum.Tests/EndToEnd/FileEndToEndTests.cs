using DistrictSferum.Grains.Files;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SkiaSharp;
using static DistrictSferum.Tests.Infrastructure.FileUploads;

namespace DistrictSferum.Tests.EndToEnd;

/// <summary>Files in chats through gRPC (CHAT-8): upload, attach, download with resume, access, deletion and retention.</summary>
public sealed class FileEndToEndTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerHost Server => fixture.Server;

    private async Task<long> CountAsync(string sql, params (string, object)[] args)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in args) command.Parameters.AddWithValue(name, value);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task CHAT_8_a_file_uploaded_in_chunks_is_attached_with_a_caption_and_members_download_it_resuming_from_an_offset()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, [school.Students[0]]);
        var bytes = Pdf(700_000);
        var file = await UploadAsync(school.Teacher, school.SchoolId, "Домашнее задание.pdf", bytes, chunk: 100_000);
        Assert.Equal("application/pdf", file.ContentType);
        Assert.Equal(bytes.Length, file.Size);
        Assert.Equal(FileScanStatus.NotScanned, file.ScanStatus);

        var sent = await school.Teacher.Chats.SendMessageAsync(new SendMessageRequest
        {
            ChatId = chat.ChatId,
            ClientKey = "hw-1",
            Body = "Задание на неделю",
            AttachmentIds = { file.FileId },
        });
        // A retried send links nothing twice; an attachment without caption is a message too.
        Assert.True((await school.Teacher.Chats.SendMessageAsync(new SendMessageRequest
        {
            ChatId = chat.ChatId,
            ClientKey = "hw-1",
            Body = "Задание на неделю",
            AttachmentIds = { file.FileId },
        })).Duplicate);
        var message = (await school.Students[0].Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId })).Messages.Single(m => m.Seq == sent.Seq);
        Assert.Equal("Задание на неделю", message.Body);
        Assert.Equal([file.FileId], message.AttachmentIds);

        var (seen, whole) = await DownloadAsync(school.Students[0], file.FileId);
        Assert.Equal(bytes, whole);
        Assert.Equal(chat.ChatId, seen.ChatId);
        Assert.Equal(sent.Seq, seen.MessageSeq);
        // Resume: the rest from where an interrupted download stopped, and a range in the middle across pieces.
        Assert.Equal(bytes[300_001..], (await DownloadAsync(school.Students[0], file.FileId, offset: 300_001)).Bytes);
        Assert.Equal(bytes[262_000..263_000], (await DownloadAsync(school.Students[0], file.FileId, offset: 262_000, length: 1_000)).Bytes);
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => DownloadAsync(school.Students[0], file.FileId, offset: bytes.Length + 1), "FILE_RANGE_INVALID", "CHAT-8");

        // Not a member of the chat, another school: the file does not exist for them (DIS-1).
        var other = await SchoolScenario.CreateAsync(Server, students: 1);
        foreach (var outsider in new[] { school.Students[1], other.Admin, other.Teacher })
            await RpcAssert.Fails(StatusCode.NotFound, () => outsider.Files.GetFileAsync(new GetFileRequest { FileId = file.FileId }), "FILE_NOT_FOUND", "DIS-1");
        var otherChat = await other.ChatAsync(other.Teacher, ChatKind.ClassStudents, []);
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Teacher.Chats.SendMessageAsync(new SendMessageRequest
        {
            ChatId = otherChat.ChatId,
            ClientKey = "steal",
            AttachmentIds = { file.FileId },
        }), "FILE_NOT_FOUND", "DIS-1");
        // A file from another school cannot be uploaded into it either.
        await RpcAssert.Fails(StatusCode.NotFound, () => UploadAsync(other.Teacher, school.SchoolId, "x.pdf", Pdf(1000)), "SCHOOL_NOT_FOUND", "DIS-1");
    }

    [Fact]
    public async Task CHAT_8_size_limit_size_and_hash_are_checked_and_a_refused_upload_leaves_nothing()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var bytes = Pdf(50_000);
        var staged = "SELECT count(*) FROM file_blob_staging";
        var before = await CountAsync("SELECT count(*) FROM files WHERE school_id = @s", ("s", school.SchoolId));

        await RpcAssert.Fails(StatusCode.InvalidArgument,
            () => UploadAsync(school.Teacher, Header(school.SchoolId, "big.pdf", bytes).Also(h => h.Size = 26L * 1024 * 1024), bytes), "FILE_TOO_LARGE", "CHAT-8");
        await RpcAssert.Fails(StatusCode.InvalidArgument,
            () => UploadAsync(school.Teacher, Header(school.SchoolId, "a.pdf", bytes).Also(h => h.Sha256 = new string('0', 64)), bytes), "FILE_HASH_MISMATCH", "CHAT-8");
        await RpcAssert.Fails(StatusCode.InvalidArgument,
            () => UploadAsync(school.Teacher, Header(school.SchoolId, "a.pdf", bytes).Also(h => h.Size = 40_000), bytes), "FILE_SIZE_MISMATCH", "CHAT-8");
        await RpcAssert.Fails(StatusCode.InvalidArgument,
            () => UploadAsync(school.Teacher, Header(school.SchoolId, "a.pdf", bytes).Also(h => h.Size = 60_000), bytes), "FILE_SIZE_MISMATCH", "CHAT-8");
        await RpcAssert.Fails(StatusCode.InvalidArgument,
            () => UploadAsync(school.Teacher, school.SchoolId, "a.pdf", Pdf(2 * 1024 * 1024), chunk: 2 * 1024 * 1024 - 1), "CHUNK_TOO_LARGE", "CHAT-8");

        Assert.Equal(before, await CountAsync("SELECT count(*) FROM files WHERE school_id = @s", ("s", school.SchoolId)));
        Assert.Equal(0, await CountAsync(staged + " WHERE school_id = @s", ("s", school.SchoolId)));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM file_blobs WHERE school_id = @s", ("s", school.SchoolId)));
    }

    [Fact]
    public async Task CHAT_8_the_type_is_sniffed_from_the_bytes_programs_and_scripts_are_refused_and_names_are_normalised()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var exe = Pdf(5000);
        "MZ\u0090\0"u8.CopyTo(exe);
        var script = "#!/bin/sh\nrm -rf ~\n"u8.ToArray();
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => UploadAsync(school.Teacher, school.SchoolId, "homework.pdf", exe), "FILE_TYPE_REFUSED", "CHAT-8");
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => UploadAsync(school.Teacher, school.SchoolId, "notes.txt", script), "FILE_TYPE_REFUSED", "CHAT-8");
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => UploadAsync(school.Teacher, school.SchoolId, "run.bat", "echo hi\r\n"u8.ToArray()), "FILE_TYPE_REFUSED", "CHAT-8");
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => UploadAsync(school.Teacher, school.SchoolId, "blob.dat", new byte[] { 0, 1, 2, 3, 4, 5 }), "FILE_TYPE_REFUSED", "CHAT-8");
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => UploadAsync(school.Teacher, school.SchoolId, "../../etc/passwd", "x"u8.ToArray()), "FILE_NAME_INVALID", "CHAT-8");
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => UploadAsync(school.Teacher, school.SchoolId, "photo\u202Egnp.exe", "x"u8.ToArray()), "FILE_NAME_INVALID", "CHAT-8");

        var text = await UploadAsync(school.Teacher, school.SchoolId, "  План урока.txt ", "Тема: дроби\nЗадачи 1-5\n"u8.ToArray());
        Assert.Equal("text/plain", text.ContentType);
        Assert.Equal("План урока.txt", text.Name);
        var png = Png(40, 30);
        Assert.Equal("image/png", (await UploadAsync(school.Teacher, school.SchoolId, "scan.pdf", png)).ContentType);
    }

    [Fact]
    public async Task CHAT_8_an_image_gets_its_dimensions_and_a_small_preview()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var photo = await UploadAsync(school.Teacher, school.SchoolId, "расписание.png", Png(1200, 800));
        Assert.Equal((1200, 800), (photo.Width, photo.Height));
        Assert.True(photo.HasThumbnail);
        await school.Teacher.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "p", AttachmentIds = { photo.FileId } });

        var preview = await school.Students[0].Files.GetThumbnailAsync(new GetThumbnailRequest { FileId = photo.FileId });
        Assert.Equal("image/png", preview.ContentType);
        using var bitmap = SKBitmap.Decode(preview.Image.ToByteArray());
        Assert.Equal((256, 171), (bitmap.Width, bitmap.Height));
        Assert.Empty((await school.Teacher.Files.GetThumbnailAsync(new GetThumbnailRequest { FileId = (await UploadAsync(school.Teacher, school.SchoolId, "a.pdf", Pdf(100))).FileId })).Image);
    }

    [Fact]
    public async Task CHAT_8_a_moderators_deletion_keeps_the_file_as_evidence_for_administrators_an_authors_deletion_removes_it_and_retention_purges_it()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var author = school.Students[0];
        var bad = Pdf(10_000);
        var kept = await UploadAsync(author, school.SchoolId, "шпаргалка.pdf", bad);
        var byModerator = await author.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "b", AttachmentIds = { kept.FileId } });
        var own = await UploadAsync(author, school.SchoolId, "черновик.pdf", Pdf(10_000));
        var byAuthor = await author.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "o", Body = "ой", AttachmentIds = { own.FileId } });
        Assert.Equal(own.FileId, (await school.Students[1].Files.GetFileAsync(new GetFileRequest { FileId = own.FileId })).File.FileId);

        await school.Teacher.Moderation.DeleteMessageAsModeratorAsync(new DeleteMessageAsModeratorRequest { ChatId = chat.ChatId, Seq = byModerator.Seq, Clause = 2 });
        await author.Chats.DeleteMessageAsync(new DeleteMessageRequest { ChatId = chat.ChatId, Seq = byAuthor.Seq });

        foreach (var member in new[] { author, school.Students[1], school.Teacher })
        {
            await RpcAssert.Fails(StatusCode.NotFound, () => member.Files.GetFileAsync(new GetFileRequest { FileId = kept.FileId }), "FILE_NOT_FOUND", "DIS-1");
            await RpcAssert.Fails(StatusCode.NotFound, () => member.Files.GetFileAsync(new GetFileRequest { FileId = own.FileId }), "FILE_NOT_FOUND", "DIS-1");
        }

        var (evidence, evidenceBytes) = await DownloadAsync(school.Admin, kept.FileId);
        Assert.True(evidence.Evidence);
        Assert.Equal(bad, evidenceBytes);
        await RpcAssert.Fails(StatusCode.NotFound, () => school.Admin.Files.GetFileAsync(new GetFileRequest { FileId = own.FileId }), "FILE_NOT_FOUND", "DIS-1");
        Assert.Empty((await author.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId })).Messages.SelectMany(m => m.AttachmentIds));

        // Retention: nothing goes before its time; then the author's file is purged with its bytes, the evidence stays.
        var purger = Server.Services.GetRequiredService<FilePurger>();
        await purger.PurgeAsync(CancellationToken.None);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM file_blobs WHERE school_id = @s AND sha256 = @h", ("s", school.SchoolId), ("h", own.Sha256)));
        Server.Clock.Advance(TimeSpan.FromDays(31));
        Assert.True(await purger.PurgeAsync(CancellationToken.None) >= 1);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM file_blobs WHERE school_id = @s AND sha256 = @h", ("s", school.SchoolId), ("h", own.Sha256)));
        Assert.Equal(bad, (await DownloadAsync(school.Admin, kept.FileId)).Bytes);
    }

    [Fact]
    public async Task CHAT_8_the_same_bytes_uploaded_twice_in_a_school_are_stored_once()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var bytes = Pdf(300_000);
        var first = await UploadAsync(school.Teacher, school.SchoolId, "a.pdf", bytes);
        var second = await UploadAsync(school.Students[0], school.SchoolId, "b.pdf", bytes);
        Assert.NotEqual(first.FileId, second.FileId);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM file_blobs WHERE school_id = @s", ("s", school.SchoolId)));
        Assert.Equal(bytes, (await DownloadAsync(school.Students[0], second.FileId)).Bytes);
    }

    [Fact]
    public async Task CHAT_8_an_image_beyond_the_preview_bounds_keeps_its_dimensions_and_gets_no_preview()
    {
        // The bound is a setting; a small one here so the test's images stay small.
        await using var server = await ServerHost.StartAsync(await (await SharedPostgres.GetAsync()).CreateDatabaseAsync("thumbs"),
            settings: new Dictionary<string, string?> { ["Files:ThumbnailMaxSourcePixels"] = "1000000" });
        var school = await SchoolScenario.CreateAsync(server, students: 1);
        var large = await UploadAsync(school.Teacher, school.SchoolId, "план.png", Png(1250, 801));
        Assert.Equal((1250, 801), (large.Width, large.Height));
        Assert.False(large.HasThumbnail);
        Assert.Empty((await school.Teacher.Files.GetThumbnailAsync(new GetThumbnailRequest { FileId = large.FileId })).Image);
        var atBound = await UploadAsync(school.Teacher, school.SchoolId, "план.png", Png(1250, 800));
        Assert.True(atBound.HasThumbnail);
    }

    [Fact]
    public async Task CHAT_8_DIS_6_an_upload_in_unary_calls_is_stored_like_a_streamed_one_resumes_where_it_stands_and_answers_retries_alike()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var bytes = Pdf(600_000);
        var header = Header(school.SchoolId, "Контрольная.pdf", bytes).Also(h => h.ClientRequestId = "browser-1");
        var files = school.Teacher.Files;
        var start = await files.StartUploadAsync(new StartUploadRequest { Header = header });
        Assert.Equal(0, start.Received);
        Assert.Equal(4 * Chunk, start.MaxChunkBytes);
        Assert.Null(start.File);
        AppendUploadRequest Part(long at, int length) => new() { UploadId = start.UploadId, Offset = at, Chunk = ByteString.CopyFrom(bytes, (int)at, length) };

        Assert.Equal(200_000, (await files.AppendUploadAsync(Part(0, 200_000))).Received);
        // A chunk whose answer was lost is acknowledged again and stored once; a gap or an overlap names where to go on.
        Assert.Equal(200_000, (await files.AppendUploadAsync(Part(0, 200_000))).Received);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => files.AppendUploadAsync(Part(300_000, 100_000)), "UPLOAD_OFFSET_MISMATCH", "CHAT-8");
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => files.AppendUploadAsync(Part(100_000, 200_000)), "UPLOAD_OFFSET_MISMATCH", "CHAT-8");
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => files.FinishUploadAsync(new FinishUploadRequest { UploadId = start.UploadId }),
            "UPLOAD_INCOMPLETE", "CHAT-8");
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => files.AppendUploadAsync(new AppendUploadRequest
        {
            UploadId = start.UploadId,
            Offset = 200_000,
            Chunk = ByteString.CopyFrom(new byte[4 * Chunk + 1]),
        }), "CHUNK_TOO_LARGE", "CHAT-8");
        // Nobody else reaches the upload, not even a member of the same school.
        await RpcAssert.Fails(StatusCode.NotFound, () => school.Students[0].Files.AppendUploadAsync(Part(200_000, 1_000)), "UPLOAD_NOT_FOUND", "CHAT-8");
        await RpcAssert.Fails(StatusCode.NotFound, () => school.Students[0].Files.FinishUploadAsync(new FinishUploadRequest { UploadId = start.UploadId }),
            "UPLOAD_NOT_FOUND", "CHAT-8");

        // The connection dropped: the same request id gets the same upload back and where it stands.
        var resumed = await files.StartUploadAsync(new StartUploadRequest { Header = header });
        Assert.Equal((start.UploadId, 200_000L), (resumed.UploadId, resumed.Received));
        Assert.Equal(bytes.Length, (await files.AppendUploadAsync(Part(200_000, 400_000))).Received);
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => files.AppendUploadAsync(new AppendUploadRequest
        {
            UploadId = start.UploadId,
            Offset = bytes.Length,
            Chunk = ByteString.CopyFromUtf8("x"),
        }), "FILE_SIZE_MISMATCH", "CHAT-8");

        var file = (await files.FinishUploadAsync(new FinishUploadRequest { UploadId = start.UploadId })).File;
        Assert.Equal(("application/pdf", (long)bytes.Length, header.Sha256), (file.ContentType, file.Size, file.Sha256));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM file_upload_chunks WHERE upload_id = @u", ("u", start.UploadId)));
        // A retried finish, a retried start and a streamed upload with the same request id all answer the one file.
        Assert.Equal(file.FileId, (await files.FinishUploadAsync(new FinishUploadRequest { UploadId = start.UploadId })).File.FileId);
        Assert.Equal(file.FileId, (await files.StartUploadAsync(new StartUploadRequest { Header = header })).File.FileId);
        Assert.Equal(file.FileId, (await UploadAsync(school.Teacher, header, bytes)).FileId);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM files WHERE school_id = @s", ("s", school.SchoolId)));

        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, [school.Students[0]]);
        await school.Teacher.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "kr-1", AttachmentIds = { file.FileId } });
        Assert.Equal(bytes, (await DownloadAsync(school.Students[0], file.FileId)).Bytes);
    }

    [Fact]
    public async Task CHAT_8_DIS_6_a_unary_upload_is_admitted_and_checked_like_a_streamed_one_and_leaves_nothing_when_refused()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var other = await SchoolScenario.CreateAsync(Server, students: 0);
        var files = school.Teacher.Files;
        var bytes = Pdf(10_000);
        var chunks = "SELECT count(*) FROM file_upload_chunks c JOIN file_uploads u USING (upload_id) WHERE u.school_id = @s";

        await RpcAssert.Fails(StatusCode.InvalidArgument, () => files.StartUploadAsync(new StartUploadRequest()), "UPLOAD_HEADER_REQUIRED", "CHAT-8");
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Teacher.Files.StartUploadAsync(new StartUploadRequest { Header = Header(school.SchoolId, "a.pdf", bytes) }),
            "SCHOOL_NOT_FOUND", "DIS-1");
        await RpcAssert.Fails(StatusCode.InvalidArgument,
            () => files.StartUploadAsync(new StartUploadRequest { Header = Header(school.SchoolId, "a.pdf", bytes).Also(h => h.Size = 26L * 1024 * 1024) }),
            "FILE_TOO_LARGE", "CHAT-8");
        await RpcAssert.Fails(StatusCode.InvalidArgument,
            () => files.StartUploadAsync(new StartUploadRequest { Header = Header(school.SchoolId, "run.bat", bytes) }), "FILE_TYPE_REFUSED", "CHAT-8");
        await RpcAssert.Fails(StatusCode.InvalidArgument,
            () => files.AppendUploadAsync(new AppendUploadRequest { UploadId = "x\0y", Chunk = ByteString.CopyFromUtf8("x") }), null);
        var withRequest = Header(school.SchoolId, "a.pdf", bytes).Also(h => h.ClientRequestId = "same");
        await files.StartUploadAsync(new StartUploadRequest { Header = withRequest });
        await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => files.StartUploadAsync(new StartUploadRequest { Header = Header(school.SchoolId, "b.pdf", Pdf(20)).Also(h => h.ClientRequestId = "same") }),
            "UPLOAD_CONFLICT", "CHAT-8");

        // The bytes are checked when the upload finishes: a wrong hash or a program is refused and its chunks go.
        var lying = Header(school.SchoolId, "b.pdf", bytes).Also(h => h.Sha256 = new string('0', 64));
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => StagedUploadAsync(school.Teacher, lying, bytes), "FILE_HASH_MISMATCH", "CHAT-8");
        var exe = Pdf(5000);
        "MZ\u0090\0"u8.CopyTo(exe);
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => StagedUploadAsync(school.Teacher, Header(school.SchoolId, "homework.pdf", exe), exe),
            "FILE_TYPE_REFUSED", "CHAT-8");
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM files WHERE school_id = @s", ("s", school.SchoolId)));
        Assert.Equal(0, await CountAsync(chunks, ("s", school.SchoolId)));

        // At most eight unfinished uploads per person; a day untouched and they are dropped, chunks and all.
        for (var i = 1; i < StagedUploads.MaxOpenPerUploader; i++)
        {
            var start = await files.StartUploadAsync(new StartUploadRequest { Header = Header(school.SchoolId, $"{i}.pdf", Pdf(1000 + i)) });
            await files.AppendUploadAsync(new AppendUploadRequest { UploadId = start.UploadId, Chunk = ByteString.CopyFrom(Pdf(10)) });
        }

        await RpcAssert.Fails(StatusCode.ResourceExhausted,
            () => files.StartUploadAsync(new StartUploadRequest { Header = Header(school.SchoolId, "9.pdf", Pdf(999)) }), "UPLOADS_OPEN_LIMIT", "CHAT-8");
        Assert.Equal(StagedUploads.MaxOpenPerUploader - 1, await CountAsync(chunks, ("s", school.SchoolId)));
        await Server.Services.GetRequiredService<StagedUploads>().PurgeAsync(Server.Clock.GetUtcNow() + StagedUploads.Life, CancellationToken.None);
        Assert.Equal(0, await CountAsync(chunks, ("s", school.SchoolId)));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM file_uploads WHERE school_id = @s", ("s", school.SchoolId)));
        Assert.Equal(bytes, (await DownloadAsync(school.Teacher, (await StagedUploadAsync(school.Teacher, Header(school.SchoolId, "a.pdf", bytes), bytes)).FileId)).Bytes);
    }

    internal static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap)) canvas.Clear(SKColors.CornflowerBlue);
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }
}
