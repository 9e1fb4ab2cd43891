using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Grpc.Core;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class DownloadFileSettings : GlobalSettings
{
    [CommandArgument(0, "<FILE_ID>"), Description("The file's id (from `file upload` or a message's attachments)")]
    public string FileId { get; set; } = "";

    [CommandOption("--out <PATH>"), Description("Where to write it (default: its name, in the current folder)")]
    public string? Out { get; set; }

    [CommandOption("--resume"), Description("Continue an interrupted download: keep what --out already holds and fetch the rest")]
    public bool Resume { get; set; }
}

[CliCommand("file download", "Download a file you may see; --resume continues an interrupted download (CHAT-8)")]
[CliExample("file", "download", "FILE_ID")]
[CliExample("file", "download", "FILE_ID", "--out", "homework.pdf", "--resume")]
internal sealed class DownloadFileCommand(CliEnvironment environment) : SferumCommand<DownloadFileSettings>(environment)
{
    protected override async Task<int> RunAsync(DownloadFileSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new FileService.FileServiceClient(connection.Invoker);
        var path = settings.Out;
        if (path is null)
        {
            var info = (await client.GetFileAsync(new GetFileRequest { FileId = settings.FileId }, await connection.AuthorizedAsync())).File;
            path = info.Name;
        }

        var offset = settings.Resume && System.IO.File.Exists(path) ? new FileInfo(path).Length : 0;
        using var call = client.DownloadFile(new DownloadFileRequest { FileId = settings.FileId, Offset = offset }, await connection.AuthorizedAsync());
        await using var target = new FileStream(path, offset > 0 ? FileMode.Append : FileMode.Create, FileAccess.Write);
        ChatFile? file = null;
        await foreach (var part in call.ResponseStream.ReadAllAsync(CancellationToken))
        {
            file ??= part.File;
            part.Chunk.WriteTo(target);
        }

        if (output.Json) output.WriteJson(file!);
        else output.Line($"Wrote {path}: {FileClient.Describe(file!)}{(offset > 0 ? $", resumed at byte {offset:N0}" : "")}.");
        return ExitCodes.Ok;
    }
}
