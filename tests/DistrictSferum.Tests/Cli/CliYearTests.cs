using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using static DistrictSferum.Tests.Cli.CliText;

namespace DistrictSferum.Tests.Cli;

/// <summary>Issue 14 with sferumctl: the year's classes and links from a spreadsheet, the handout, and the rollover preview.</summary>
public sealed class CliYearTests(ServerFixture fixture) : CliServerTests(fixture, "sferumctl-year-")
{
    [Fact]
    public async Task ORG_4_ORG_5_class_import_creates_classes_and_links_from_a_csv_with_a_printable_handout_and_checks_every_line_first()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 0);
        var admin = await Cli.SignInAsync(school, "admin", school.Admin);
        var folder = Directory.CreateTempSubdirectory("sferum-import-").FullName;
        try
        {
            var bad = Path.Combine(folder, "bad.csv");
            await File.WriteAllLinesAsync(bad, ["class,role,count,expiry", "7А,student,30,7", "7Б,parent,2,7", "8А,student,0,40"]);
            var refused = await admin.RunAsync("class", "import", school.SchoolId, bad);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("line 3", refused.Error, StringComparison.Ordinal);
            Assert.Contains("line 4", refused.Error, StringComparison.Ordinal);
            var before = (await school.Admin.Classes.ListClassesAsync(new ListClassesRequest { SchoolId = school.SchoolId })).Classes.Count;
            Assert.Equal(2, before);

            var good = Path.Combine(folder, "classes.csv");
            await File.WriteAllLinesAsync(good, ["class;role;count;expiry", "7А;student;30;7", "Учительская;teacher;5;14", "Робототехника;student;12;30"]);
            var handout = Path.Combine(folder, "handout");
            var imported = Json((await admin.RunAsync("--json", "class", "import", school.SchoolId, good, "--out", handout, "--link-base", "https://school.example/join#")).Ok().Out)
                .EnumerateArray().ToList();

            Assert.Equal(["7А", "Учительская", "Робототехника"], imported.Select(i => i.GetProperty("className").GetString()).ToList());
            var classes = (await school.Admin.Classes.ListClassesAsync(new ListClassesRequest { SchoolId = school.SchoolId })).Classes;
            Assert.Equal(ClassKind.Grade, classes.Single(c => c.Name == "7А").Kind);
            Assert.Equal(ClassKind.Additional, classes.Single(c => c.Name == "Робототехника").Kind);
            Assert.Equal(school.StaffRoomId, imported[1].GetProperty("classId").GetString());
            var invites = (await school.Admin.Invites.ListInvitesAsync(new ListInvitesRequest { SchoolId = school.SchoolId })).Invites;
            Assert.Equal(30, invites.Single(i => i.ClassId == classes.Single(c => c.Name == "7А").ClassId).MaxUses);
            var html = await File.ReadAllTextAsync(Path.Combine(handout, "handout.html"));
            var images = Directory.GetFiles(handout, "*.png");
            Assert.Equal(3, images.Length);
            Assert.All(images, png => Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png).Take(4)));
            Assert.Contains(imported[0].GetProperty("link").GetString()!, html, StringComparison.Ordinal);

            // A pupil follows the printed link.
            var pupil = await Server.SignInAsync(school.NextPhone());
            var followed = await pupil.Invites.FollowInviteAsync(new FollowInviteRequest { Token = imported[0].GetProperty("token").GetString()! });
            Assert.Equal(JoinRequestStatus.Pending, followed.Request.Status);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ORG_10_year_preview_shows_the_classes_moving_up_and_the_graduates()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 0);
        var admin = await Cli.SignInAsync(school, "admin", school.Admin);
        var current = (await school.Admin.Classes.ListClassesAsync(new ListClassesRequest { SchoolId = school.SchoolId })).Classes.Single(c => c.ClassId == school.ClassId).AcademicYear;
        (await admin.RunAsync("class", "create", school.SchoolId, "9В", "--year", (current - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))).Ok();

        var preview = (await admin.RunAsync("year", "preview", school.SchoolId, "--final-grade", "9")).Ok().Out;

        Assert.Contains("9В", preview, StringComparison.Ordinal);
        Assert.Contains("graduates (archived)", preview, StringComparison.Ordinal);
        Assert.Contains("final grade 9", preview, StringComparison.Ordinal);
    }
}
