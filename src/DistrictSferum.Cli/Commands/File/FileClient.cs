using System.Security.Cryptography;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace DistrictSferum.Cli.Commands;

/// <summary>
/// sferumctl's side of FileService: a file is read twice from disk (once for its SHA-256, once to send it in 256 KiB
/// chunks), never held whole in memory.
/// </summary>
internal static class FileClient
{
    private const int Chunk = 256 * 1024;

    public static async Task<ChatFile> UploadAsync(ServerConnection connection, string schoolId, string path, string? name, CancellationToken cancellationToken, string? requestId = null)
    {
        if (!System.IO.File.Exists(path)) throw CliException.Usage($"No such file: {path}");
        string sha;
        await using (var read = System.IO.File.OpenRead(path)) sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(read, cancellationToken));
        await using var file = System.IO.File.OpenRead(path);
        var client = new FileService.FileServiceClient(connection.Invoker);
        using var call = client.UploadFile(await connection.AuthorizedAsync());
        await call.RequestStream.WriteAsync(new UploadFileRequest
        {
            Header = new UploadFileHeader { SchoolId = schoolId, Name = name ?? Path.GetFileName(path), Size = file.Length, Sha256 = sha, ClientRequestId = requestId ?? "" },
        }, cancellationToken);
        var buffer = new byte[Chunk];
        try
        {
            int read;
            while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
                await call.RequestStream.WriteAsync(new UploadFileRequest { Chunk = ByteString.CopyFrom(buffer, 0, read) }, cancellationToken);
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server refused part way: its answer below says why.
        }

        return (await call.ResponseAsync).File;
    }

    /// <summary>
    /// The file ids to attach: each item is a local path (uploaded to the school first, told on the output) or the id of
    /// a file uploaded before.
    /// </summary>
    public static async Task<List<string>> AttachmentsAsync(ServerConnection connection, string schoolId, IEnumerable<string>? items, CliOutput output, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        foreach (var value in (items ?? []).Select(CommandLine.Restore))
        {
            if (!System.IO.File.Exists(value))
            {
                ids.Add(value);
                continue;
            }

            var file = await UploadAsync(connection, schoolId, value, null, cancellationToken);
            if (!output.Json) output.Line($"Uploaded {file.FileId}: {Describe(file)}.");
            ids.Add(file.FileId);
        }

        return ids;
    }

    public static string Describe(ChatFile f) =>
        $"{f.Name} ({f.ContentType}, {f.Size:N0} bytes{(f.Width > 0 ? $", {f.Width}x{f.Height}" : "")}, " +
        $"{(f.ScanStatus == FileScanStatus.Clean ? "scanned clean" : "not scanned")})";
}
