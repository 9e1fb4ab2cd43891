using System.ComponentModel;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using QRCoder;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class ImportClassesSettings : SchoolIdSettings
{
    [CommandArgument(1, "<FILE>"), Description("CSV: class,role,count,expiry per line (role teacher or student; count: how many may follow the link; expiry: days, 1-30); ';' also separates")]
    public string File { get; set; } = "";

    [CommandOption("--out <DIR>"), Description("Also write a printable handout (handout.html) and one QR code image per link there")]
    public string? Out { get; set; }

    [CommandOption("--link-base <URL>"), Description("What a QR code opens: this prefix and the token (e.g. https://school.example/join#); default the token alone, for `invite follow`")]
    public string LinkBase { get; set; } = "";

    [CommandOption("--auto-accept"), Description("Student links admit without review (teacher links for several people always need review)")]
    public bool AutoAccept { get; set; }
}

/// <summary>
/// Issue 14: the classes of a new year and their invite links in one go, from a spreadsheet, with a handout to print.
/// Every line is checked before anything is created; classes that exist (this academic year) are reused.
/// </summary>
[CliCommand("class import", "Create classes and invite links from a CSV (class,role,count,expiry) and print the links with QR codes (administrators)")]
[CliExample("class", "import", "SCHOOL_ID", "classes.csv", "--out", "handout", "--link-base", "https://school.example/join#")]
internal sealed partial class ImportClassesCommand(CliEnvironment environment) : SferumCommand<ImportClassesSettings>(environment)
{
    private sealed record Line(int Number, string ClassName, JoinRole Role, int Count, int Days);

    private sealed record Issued(Line Line, string ClassId, Invite Invite, string Token);

    protected override async Task<int> RunAsync(ImportClassesSettings settings, CliOutput output)
    {
        var lines = Parse(await System.IO.File.ReadAllLinesAsync(settings.File));
        using var connection = Connect(settings);
        var classes = new ClassService.ClassServiceClient(connection.Invoker);
        var invites = new InviteService.InviteServiceClient(connection.Invoker);
        var existing = await Pager.FetchAsync(500, "", all: true, async (size, token) => await classes.ListClassesAsync(
            new ListClassesRequest { SchoolId = settings.SchoolId, PageSize = size, PageToken = token }, await connection.AuthorizedAsync()));
        var current = existing.Classes.Where(c => c.Kind == ClassKind.StaffRoom).Select(c => c.AcademicYear).DefaultIfEmpty(0).Max();
        var ids = existing.Classes.Where(c => !c.Archived && (c.Kind == ClassKind.StaffRoom || c.AcademicYear >= current))
            .GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.AcademicYear).First().ClassId, StringComparer.OrdinalIgnoreCase);

        var issued = new List<Issued>();
        foreach (var line in lines)
        {
            if (!ids.TryGetValue(line.ClassName, out var classId))
            {
                var kind = GradeName().IsMatch(line.ClassName) ? ClassKind.Grade : ClassKind.Additional;
                classId = (await classes.CreateClassAsync(new CreateClassRequest { SchoolId = settings.SchoolId, Name = line.ClassName, Kind = kind },
                    await connection.AuthorizedAsync())).Class.ClassId;
                ids[line.ClassName] = classId;
            }

            var created = await invites.CreateInviteAsync(new CreateInviteRequest
            {
                SchoolId = settings.SchoolId,
                ClassId = classId,
                Role = line.Role,
                MaxUses = line.Count,
                Lifetime = Duration.FromTimeSpan(TimeSpan.FromDays(line.Days)),
                AutoAccept = settings.AutoAccept && line.Role == JoinRole.Student,
            }, await connection.AuthorizedAsync());
            issued.Add(new Issued(line, classId, created.Invite, created.Token));
        }

        if (settings.Out is { } folder) WriteHandout(folder, issued, settings.LinkBase);
        if (output.Json)
        {
            output.WriteJson(issued.Select(i => new
            {
                className = i.Line.ClassName,
                classId = i.ClassId,
                role = SchoolLabels.Of(i.Line.Role),
                maxUses = i.Line.Count,
                expiresAt = i.Invite.ExpiresAt.ToDateTimeOffset(),
                inviteId = i.Invite.InviteId,
                token = i.Token,
                link = settings.LinkBase + i.Token
            }));
            return ExitCodes.Ok;
        }

        var table = CliOutput.NewTable("Class", "Role", "Uses", "Expires", "Link");
        foreach (var i in issued)
            table.AddTextRow(i.Line.ClassName, SchoolLabels.Of(i.Line.Role), i.Line.Count.ToString(CultureInfo.InvariantCulture), CliOutput.Time(i.Invite.ExpiresAt), settings.LinkBase + i.Token);
        output.Write(table);
        if (settings.Out is not null) output.Line($"Handout: {Path.Combine(settings.Out, "handout.html")}");
        return ExitCodes.Ok;
    }

    /// <summary>Every line or none: a mistake on line 40 is reported before line 1 creates anything.</summary>
    private static List<Line> Parse(string[] raw)
    {
        var lines = new List<Line>();
        var errors = new List<string>();
        for (var n = 0; n < raw.Length; n++)
        {
            var text = raw[n].Trim();
            if (text.Length == 0 || text.StartsWith('#')) continue;
            var cells = text.Split(text.Contains(';') ? ';' : ',').Select(c => c.Trim().Trim('"')).ToArray();
            if (n == 0 && cells[0].Equals("class", StringComparison.OrdinalIgnoreCase)) continue;
            if (cells.Length != 4)
            {
                errors.Add($"line {n + 1}: expected class,role,count,expiry");
                continue;
            }

            var role = SchoolLabels.Parse(SchoolLabels.JoinRoles, cells[1]);
            if (role is not (JoinRole.Student or JoinRole.Teacher)) errors.Add($"line {n + 1}: role must be student or teacher (a parent's link names a child: `invite create --student`)");
            if (!int.TryParse(cells[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > 1000) errors.Add($"line {n + 1}: count must be 1-1000");
            if (!int.TryParse(cells[3], NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days is < 1 or > 30) errors.Add($"line {n + 1}: expiry must be 1-30 days");
            if (cells[0].Length is 0 or > 64) errors.Add($"line {n + 1}: a class name is 1-64 characters");
            lines.Add(new Line(n + 1, cells[0], role ?? JoinRole.Unspecified, count, days));
        }

        if (errors.Count > 0) throw new CliException("Nothing was created:\n" + string.Join("\n", errors), ExitCodes.Usage);
        return lines.Count > 0 ? lines : throw new CliException("The file has no lines to import.", ExitCodes.Usage);
    }

    /// <summary>One page per class to print: each link as a QR code with its class, role, uses and expiry.</summary>
    private static void WriteHandout(string folder, IReadOnlyList<Issued> issued, string linkBase)
    {
        Directory.CreateDirectory(folder);
        var html = new StringBuilder("""
            <!doctype html><html lang="ru"><meta charset="utf-8"><title>Ссылки-приглашения</title>
            <style>body{font-family:sans-serif} section{page-break-after:always;margin:2em} img{width:220px;height:220px} code{word-break:break-all}</style>
            """);
        for (var n = 0; n < issued.Count; n++)
        {
            var i = issued[n];
            var link = linkBase + i.Token;
            var png = new PngByteQRCode(new QRCodeGenerator().CreateQrCode(link, QRCodeGenerator.ECCLevel.M)).GetGraphic(10);
            var file = $"{n + 1:000}-{Safe(i.Line.ClassName)}-{SchoolLabels.Of(i.Line.Role)}.png";
            System.IO.File.WriteAllBytes(Path.Combine(folder, file), png);
            html.Append(CultureInfo.InvariantCulture, $"""
                <section><h1>{WebUtility.HtmlEncode(i.Line.ClassName)}</h1>
                <p>{(i.Line.Role == JoinRole.Teacher ? "Для учителей" : "Для учеников")}: до {i.Line.Count} человек, действует до {i.Invite.ExpiresAt.ToDateTimeOffset():dd.MM.yyyy}.</p>
                <img src="{file}" alt="QR-код ссылки"><p><code>{WebUtility.HtmlEncode(link)}</code></p></section>
                """);
        }

        System.IO.File.WriteAllText(Path.Combine(folder, "handout.html"), html.Append("</html>").ToString());
    }

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '_'));

    [GeneratedRegex(@"^\d{1,2}\s*-?\s*[А-ЯЁа-яё]$")]
    private static partial Regex GradeName();
}
