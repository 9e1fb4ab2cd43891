using System.Text.Json;
using DistrictSferum.Cli;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;

namespace DistrictSferum.Tests.Cli;

/// <summary>Files with sferumctl against a real server: upload, attach, download and resume (CHAT-8).</summary>
public sealed class CliFileTests(ServerFixture fixture) : CliServerTests(fixture, "sferumctl-file-")
{
    [Fact]
    public async Task CHAT_8_a_teacher_attaches_a_file_with_sferumctl_and_a_student_downloads_it_resuming_a_broken_download()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var chatId = (await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students)).ChatId;
        var teacher = await Cli.SignInAsync(school, "teacher", school.Teacher);
        var student = await Cli.SignInAsync(school, "student", school.Students[0]);
        var folder = Directory.CreateTempSubdirectory("sferum-cli-files-").FullName;
        try
        {
            var sheet = Path.Combine(folder, "Домашнее задание.pdf");
            var bytes = FileUploads.Pdf(600_000);
            await File.WriteAllBytesAsync(sheet, bytes);

            var sent = (await teacher.RunAsync("chat", "send", chatId, "Задание на неделю", "--attach", sheet)).Ok().Out;
            Assert.Contains("application/pdf", sent, StringComparison.Ordinal);
            var message = (await school.Students[0].Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chatId })).Messages.First();
            var fileId = Assert.Single(message.AttachmentIds);

            // A download that broke after 100,000 bytes resumes from there.
            var target = Path.Combine(folder, "got.pdf");
            await File.WriteAllBytesAsync(target, bytes[..100_000]);
            var resumed = (await student.RunAsync("file", "download", fileId, "--out", target, "--resume")).Ok().Out;
            Assert.Contains("resumed at byte 100,000", resumed, StringComparison.Ordinal);
            Assert.Equal(bytes, await File.ReadAllBytesAsync(target));

            var photo = Path.Combine(folder, "photo.png");
            await File.WriteAllBytesAsync(photo, EndToEnd.FileEndToEndTests.Png(300, 200));
            var uploaded = JsonDocument.Parse((await student.RunAsync("--json", "file", "upload", school.SchoolId, photo)).Ok().Out).RootElement;
            Assert.Equal("image/png", uploaded.GetProperty("contentType").GetString());
            var program = Path.Combine(folder, "game.exe");
            await File.WriteAllBytesAsync(program, "MZ\0\0"u8.ToArray());
            (await student.RunAsync("file", "upload", school.SchoolId, program)).Expect(ExitCodes.Usage);
            (await student.RunAsync("file", "download", "no-such-file")).Expect(ExitCodes.NotFound);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
