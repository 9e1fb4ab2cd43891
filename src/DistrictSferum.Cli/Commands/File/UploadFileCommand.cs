using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class UploadFileSettings : SchoolIdSettings
{
    [CommandOption("--request-id <ID>"), Description(RequestIdOption.Description)]
    public string? RequestId { get; set; }

    [CommandArgument(1, "<PATH>"), Description("The file to upload (at most 25 MB by default)")]
    public string Path { get; set; } = "";

    [CommandOption("--name <NAME>"), Description("The name others see (default: the file's own name)")]
    public string? Name { get; set; }
}

[CliCommand("file upload", "Upload a file to a school; prints its id to attach with `chat send --attach` (CHAT-8)")]
[CliExample("file", "upload", "SCHOOL_ID", "homework.pdf")]
[CliExample("file", "upload", "SCHOOL_ID", "scan.jpg", "--name", "Расписание.jpg")]
internal sealed class UploadFileCommand(CliEnvironment environment) : SferumCommand<UploadFileSettings>(environment)
{
    protected override async Task<int> RunAsync(UploadFileSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var file = await FileClient.UploadAsync(connection, settings.SchoolId, settings.Path, settings.Name is null ? null : CommandLine.Restore(settings.Name), CancellationToken, settings.RequestId);
        if (output.Json) output.WriteJson(file);
        else output.Line($"Uploaded {file.FileId}: {FileClient.Describe(file)}.");
        return ExitCodes.Ok;
    }
}
