using System.Net;
using System.Text.RegularExpressions;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DistrictSferum.Tests.Web;

/// <summary>
/// DIS-6: the web app in a real chromium against a real server and PostgreSQL, through the public gRPC API only
/// (gRPC-Web on the server's web port); axe-core on every screen, at phone (360 px) and desktop widths.
/// </summary>
public sealed class WebAppTests(BrowserFixture web) : IClassFixture<BrowserFixture>
{
    private ServerHost Server => web.Server;

    /// <summary>The message whose own text (not a quote of it) contains <paramref name="text"/>.</summary>
    private static ILocator Message(IPage page, string text) =>
        page.Locator("li.message").Filter(new() { Has = page.Locator("p.body", new() { HasText = text }) });

    [Fact]
    public async Task DIS_6_the_app_is_served_compressed_under_a_strict_content_security_policy()
    {
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });
        var request = new HttpRequestMessage(HttpMethod.Get, web.BaseUrl + "/");
        request.Headers.AcceptEncoding.ParseAdd("br");
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);

        var html = await http.GetStringAsync(web.BaseUrl + "/index.html");
        Assert.DoesNotMatch(new Regex("<script(?![^>]*\\ssrc=)[^>]*>"), html); // no inline script
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(web.BaseUrl + "/assets/nothing.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(web.BaseUrl + "/%2e%2e/%2e%2e/appsettings.json")).StatusCode);
        // The gRPC port serves no files.
        using var grpcPort = new HttpClient(new SocketsHttpHandler()) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        Assert.NotEqual(HttpStatusCode.OK, (await grpcPort.GetAsync(Server.Address + "/index.html")).StatusCode);
    }

    [Fact]
    public async Task DIS_6_teacher_creates_a_class_chat_a_parent_accepts_the_rules_joins_and_writes_the_teacher_sees_it_live()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var teacherPhone = (await school.Teacher.Users.GetMeAsync(new GetMeRequest())).Me.Phone;
        // A parent named before joining the school (a later rename reaches the directory one-way, moments later).
        var parentPhone = school.NextPhone();
        var parent = await Server.SignInAsync(parentPhone);
        await parent.Users.SetDisplayNameAsync(new SetDisplayNameRequest { DisplayName = "Ольга Смирнова" });
        var parentLink = await school.Admin.Invites.CreateInviteAsync(new CreateInviteRequest
        {
            SchoolId = school.SchoolId,
            ClassId = school.ClassId,
            Role = JoinRole.Parent,
            AutoAccept = true,
            MaxUses = 1,
            StudentId = school.Students[0].UserId,
        });
        await parent.Invites.FollowInviteAsync(new FollowInviteRequest { Token = parentLink.Token });

        var teacher = await web.OpenAsync();
        await web.CheckAccessibilityAsync(teacher, "sign-in-desktop");
        await web.SignInAsync(teacher, teacherPhone, "Анна Петровна");
        await web.CheckAccessibilityAsync(teacher, "chats-desktop");

        await teacher.GetByRole(AriaRole.Link, new() { Name = "Новый чат" }).ClickAsync();
        await teacher.GetByLabel("Вид чата").SelectOptionAsync(new SelectOptionValue { Label = "Чат с родителями класса" });
        await teacher.GetByLabel("Название").FillAsync("Родители 6А");
        await web.CheckAccessibilityAsync(teacher, "new-chat-desktop");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Создать чат" }).ClickAsync();
        var link = await teacher.GetByLabel("Ссылка-приглашение").InputValueAsync();
        Assert.Contains("/#/join/", link);
        await Expect(teacher.GetByRole(AriaRole.Img, new() { Name = "QR-код ссылки-приглашения в чат" })).ToBeVisibleAsync();
        await web.CheckAccessibilityAsync(teacher, "chat-link-desktop");
        await teacher.GetByRole(AriaRole.Link, new() { Name = "Открыть чат" }).ClickAsync();
        await teacher.GetByRole(AriaRole.Heading, new() { Name = "Родители 6А" }).WaitForAsync();

        // The parent on a phone: sign in, open the link, read and accept the rules, join, write.
        var phone = await web.OpenAsync(phone: true);
        await web.CheckAccessibilityAsync(phone, "sign-in-phone");
        await web.SignInAsync(phone, parentPhone, "Ольга Смирнова");
        await web.CheckAccessibilityAsync(phone, "chats-phone");
        await phone.GotoAsync(link);
        await phone.GetByRole(AriaRole.Heading, new() { Name = "Вступление в чат «Родители 6А»" }).WaitForAsync();
        var join = phone.GetByRole(AriaRole.Button, new() { Name = "Принять правила и вступить" });
        await Expect(join).ToBeDisabledAsync(); // ETH-4: not before the rules are accepted
        await web.CheckAccessibilityAsync(phone, "join-rules-phone");
        await phone.GetByLabel("Я прочитал(а) правила и принимаю их").CheckAsync();
        await join.ClickAsync();
        await phone.GetByRole(AriaRole.Heading, new() { Name = "Родители 6А" }).WaitForAsync();
        await phone.GetByLabel("Сообщение").FillAsync("Здравствуйте! Когда родительское собрание?");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Отправить" }).ClickAsync();

        // The teacher's open chat shows it live, with the author's name.
        var question = Message(teacher, "Когда родительское собрание?");
        await Expect(question).ToBeVisibleAsync();
        await Expect(question).ToContainTextAsync("Ольга Смирнова");

        // A reply, seen by the parent with the quoted question.
        await question.GetByRole(AriaRole.Button, new() { Name = "Ответить: Ольга Смирнова" }).ClickAsync();
        await teacher.GetByLabel("Сообщение").FillAsync("В четверг в 18:00.");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Отправить" }).ClickAsync();
        var answer = Message(phone, "В четверг в 18:00.");
        await Expect(answer).ToBeVisibleAsync();
        await Expect(answer.Locator("blockquote")).ToContainTextAsync("Когда родительское собрание?");

        // The parent edits, then deletes, their message; the teacher sees both live.
        var mine = Message(phone, "Когда родительское собрание?");
        await mine.GetByRole(AriaRole.Button, new() { Name = "Изменить" }).ClickAsync();
        await phone.GetByLabel("Сообщение").FillAsync("Здравствуйте! Во сколько собрание?");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Сохранить" }).ClickAsync();
        var edited = Message(teacher, "Во сколько собрание?");
        await Expect(edited).ToContainTextAsync("(изменено)");
        await Message(phone, "Во сколько собрание?").GetByRole(AriaRole.Button, new() { Name = "Удалить" }).ClickAsync();
        await Expect(Message(teacher, "Сообщение удалено")).ToBeVisibleAsync();
        await web.CheckAccessibilityAsync(phone, "chat-phone");
        await web.CheckAccessibilityAsync(teacher, "chat-desktop");

        // My chats: the unread count grows live while the teacher looks at the list.
        await teacher.GetByRole(AriaRole.Link, new() { Name = "Мои чаты" }).ClickAsync();
        await teacher.GetByRole(AriaRole.Heading, new() { Name = "Мои чаты" }).WaitForAsync();
        await phone.GetByLabel("Сообщение").FillAsync("Спасибо, будем.");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Отправить" }).ClickAsync();
        await Expect(teacher.Locator("a", new() { HasText = "Родители 6А" }).Locator(".badge")).ToHaveTextAsync("1");

        // What the browser showed is what the server stored, through the same public API.
        var token = link[(link.LastIndexOf('/') + 1)..];
        var created = (await school.Teacher.Chats.GetChatAsync(new GetChatRequest { LinkToken = token })).Chat;
        Assert.Equal(ChatKind.ClassParents, created.Kind);
        var messages = (await school.Teacher.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = created.ChatId })).Messages;
        Assert.Contains(messages, m => m.AuthorId == parent.UserId && m.Body == "Спасибо, будем.");
        Assert.Contains(messages, m => m.AuthorId == parent.UserId && m.DeletedAt is not null);
        Assert.Equal(2, (await school.Teacher.Chats.ListChatMembersAsync(new ListChatMembersRequest { ChatId = created.ChatId })).Members.Count);
    }

    [Fact]
    public async Task DIS_6_ETH_6_moderator_reminds_with_a_clause_and_the_block_is_refused_at_three_violations()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var student = school.Students[0];
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, [student], "Чат 6А");
        var first = 0L;
        for (var i = 1; i <= 4; i++)
        {
            var sent = await student.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = $"v{i}", Body = $"Реклама номер {i}" });
            if (i == 1) first = sent.Seq;
        }
        await student.Moderation.ReportMessageAsync(new ReportMessageRequest { ChatId = chat.ChatId, Seq = first, Reason = "Спам в чате" });
        var teacherPhone = (await school.Teacher.Users.GetMeAsync(new GetMeRequest())).Me.Phone;

        var page = await web.OpenAsync();
        await web.SignInAsync(page, teacherPhone);
        await page.GetByRole(AriaRole.Link, new() { Name = "Чат 6А" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Чат 6А" }).WaitForAsync();
        await Expect(page.Locator(".reports li")).ToContainTextAsync("Спам в чате");

        async Task RemindAsync(int i)
        {
            var row = page.Locator("li.message", new() { HasText = $"Реклама номер {i}" });
            await row.GetByLabel("Пункт правил").SelectOptionAsync("3");
            await row.GetByRole(AriaRole.Button, new() { Name = "Напомнить о правиле" }).ClickAsync();
            await Expect(page.Locator("li.event", new() { HasText = "нарушение записано" })).ToHaveCountAsync(i);
        }

        for (var i = 1; i <= 3; i++) await RemindAsync(i);
        await page.GetByLabel("Участник", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = student.UserId });
        var violations = page.Locator("fieldset input[type=checkbox]");
        await Expect(violations).ToHaveCountAsync(3);
        for (var i = 0; i < 3; i++) await violations.Nth(i).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Заблокировать" }).ClickAsync();
        var refusal = page.Locator(".moderation .refusal");
        await Expect(refusal).ToContainTextAsync("ETH-6");
        await Expect(refusal).ToContainTextAsync("Заблокировать можно только после более чем трёх нарушений."); // the reason in Russian
        await Expect(refusal).ToHaveAttributeAsync("data-reason", "NOT_ENOUGH_VIOLATIONS");
        await web.CheckAccessibilityAsync(page, "moderation-refused-desktop");
        var sanctions = await school.Teacher.Moderation.GetMemberSanctionsAsync(new GetMemberSanctionsRequest { ChatId = chat.ChatId, UserId = student.UserId });
        Assert.Null(sanctions.Sanctions.ActiveBlock); // refused: nothing changed

        await RemindAsync(4);
        await page.GetByLabel("Участник", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = "" });
        await page.GetByLabel("Участник", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = student.UserId });
        await Expect(violations).ToHaveCountAsync(4);
        for (var i = 0; i < 4; i++) await violations.Nth(i).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Заблокировать" }).ClickAsync();
        await Expect(page.Locator(".moderation .ok")).ToContainTextAsync("заблокирован");
        await Expect(page.Locator("li.event", new() { HasText = "заблокирован" })).ToBeVisibleAsync();
        sanctions = await school.Teacher.Moderation.GetMemberSanctionsAsync(new GetMemberSanctionsRequest { ChatId = chat.ChatId, UserId = student.UserId });
        Assert.Equal(4, sanctions.Sanctions.ActiveBlock.ViolationIds.Count);

        await page.Locator(".reports li", new() { HasText = "Спам в чате" }).GetByRole(AriaRole.Button, new() { Name = "Рассмотрено" }).ClickAsync();
        await Expect(page.Locator(".moderation")).ToContainTextAsync("Жалоб нет.");
        await web.CheckAccessibilityAsync(page, "moderation-desktop");
    }

    [Fact]
    public async Task DIS_6_ORG_8_the_administrator_creates_a_link_and_accepts_the_join_request_it_brings()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 0);
        var unverified = await school.AddTeacherAsync(verified: false);
        var adminPhone = (await school.Admin.Users.GetMeAsync(new GetMeRequest())).Me.Phone;

        var admin = await web.OpenAsync();
        await web.SignInAsync(admin, adminPhone);
        await admin.GetByRole(AriaRole.Link, new() { Name = "Школа:" }).ClickAsync();
        await admin.GetByLabel("Адрес").FillAsync("г. Тверь, ул. Мира, 2");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Сохранить" }).ClickAsync();
        await Expect(admin.Locator("p.ok")).ToContainTextAsync("Сохранено");
        await web.CheckAccessibilityAsync(admin, "school-info-desktop");
        Assert.Equal("г. Тверь, ул. Мира, 2", (await school.Admin.Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = school.SchoolId })).School.Info.Address);

        await admin.GetByRole(AriaRole.Link, new() { Name = "Классы" }).ClickAsync();
        await admin.GetByLabel("Название по номенклатуре").FillAsync("7Б");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Создать класс" }).ClickAsync();
        await Expect(admin.Locator("ul.plain li", new() { HasText = "7Б" })).ToBeVisibleAsync();
        await web.CheckAccessibilityAsync(admin, "school-classes-desktop");

        await admin.GetByRole(AriaRole.Link, new() { Name = "Приглашения" }).ClickAsync();
        await admin.GetByLabel("Класс").SelectOptionAsync(new SelectOptionValue { Label = "6А" });
        await admin.GetByLabel("Роль").SelectOptionAsync(new SelectOptionValue { Label = "ученик" });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Создать ссылку" }).ClickAsync();
        var link = await admin.GetByLabel("Ссылка", new() { Exact = true }).InputValueAsync();
        await Expect(admin.GetByRole(AriaRole.Img, new() { Name = "QR-код ссылки-приглашения в школу" })).ToBeVisibleAsync();
        await web.CheckAccessibilityAsync(admin, "school-invites-desktop");

        // A newcomer on a phone follows the link: a join request for the administrator (ORG-8).
        var newcomer = await web.OpenAsync(phone: true);
        await web.SignInAsync(newcomer, school.NextPhone(), "Пётр Новиков");
        await newcomer.GotoAsync(link);
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Подать заявку" }).ClickAsync();
        await Expect(newcomer.Locator("p.ok")).ToContainTextAsync("Заявка отправлена");
        await web.CheckAccessibilityAsync(newcomer, "invite-phone");

        await admin.GetByRole(AriaRole.Link, new() { Name = "Заявки" }).ClickAsync();
        await web.CheckAccessibilityAsync(admin, "school-requests-desktop");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Принять: Пётр Новиков" }).ClickAsync();
        await Expect(admin.GetByText("Новых заявок нет.")).ToBeVisibleAsync();
        var students = await school.Admin.Members.ListMembersAsync(new ListMembersRequest { SchoolId = school.SchoolId, Role = SchoolRole.Student });
        Assert.Contains(students.Members, m => m.DisplayName == "Пётр Новиков" && m.Classes.Any(c => c.ClassId == school.ClassId));

        // ORG-9: the administrator verifies the teacher who joined unverified.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Участники" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Подтвердить учителя" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Подтвердить учителя" })).ToHaveCountAsync(0);
        await web.CheckAccessibilityAsync(admin, "school-members-desktop");
        var member = await school.Admin.Members.GetMemberAsync(new GetMemberRequest { SchoolId = school.SchoolId, UserId = unverified.UserId });
        Assert.True(member.Member.VerifiedTeacher);

        // The same console on a phone.
        await admin.SetViewportSizeAsync(360, 740);
        await web.CheckAccessibilityAsync(admin, "school-members-phone");
    }

    [Fact]
    public async Task DIS_6_ORG_1_the_district_operator_registers_a_school_and_a_refusal_shows_the_servers_rule()
    {
        var page = await web.OpenAsync(phone: true);
        await web.SignInAsync(page, ServerHost.OperatorPhone);
        await page.GetByRole(AriaRole.Link, new() { Name = "Район" }).ClickAsync();
        async Task FillAsync(string phone)
        {
            await page.GetByLabel("Полное название").FillAsync("МБОУ СОШ № 12 (браузер)");
            await page.GetByLabel("Краткое название").FillAsync("Школа № 12");
            await page.GetByLabel("Адрес", new() { Exact = true }).FillAsync("г. Тверь, ул. Ленина, 1");
            await page.GetByLabel("ФИО администратора").FillAsync("Иванова Мария Петровна");
            await page.GetByLabel("E-mail администратора").FillAsync("admin12@example.org");
            await page.GetByLabel("Телефон администратора").FillAsync(phone);
            await page.GetByLabel("Номер приказа").FillAsync("15-к");
            await page.GetByLabel("Дата приказа").FillAsync("2026-08-20");
        }
        await FillAsync("+7 955 999 12 12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Зарегистрировать" }).ClickAsync();
        await Expect(page.Locator("p.ok")).ToContainTextAsync("Школа зарегистрирована");
        await Expect(page.Locator("ul.plain li", new() { HasText = "МБОУ СОШ № 12 (браузер)" })).ToBeVisibleAsync();
        await web.CheckAccessibilityAsync(page, "district-phone");

        // The same school again: the server's refusal, its message and rule, on the screen.
        await FillAsync("+7 955 999 12 13");
        await page.GetByRole(AriaRole.Button, new() { Name = "Зарегистрировать" }).ClickAsync();
        await Expect(page.Locator(".refusal")).ToContainTextAsync("правило ORG-1");
        await Expect(page.Locator(".refusal")).ToContainTextAsync("Такая школа уже зарегистрирована.");
        await Expect(page.Locator(".refusal")).ToHaveAttributeAsync("data-reason", "SCHOOL_EXISTS");
        await web.CheckAccessibilityAsync(page, "district-refused-phone");
    }
    [Fact]
    public async Task DIS_6_after_the_network_drops_the_app_subscribes_again_from_its_positions_and_fills_the_gap()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var student = school.Students[0];
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, [student], "Чат 6А, связь");
        await school.Teacher.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "before", Body = "До обрыва связи" });
        var studentPhone = (await student.Users.GetMeAsync(new GetMeRequest())).Me.Phone;

        var page = await web.OpenAsync(phone: true);
        await web.SignInAsync(page, studentPhone);
        await page.GetByRole(AriaRole.Link, new() { Name = "Чат 6А, связь" }).ClickAsync();
        await Expect(Message(page, "До обрыва связи")).ToBeVisibleAsync();
        await Expect(page.Locator(".live")).ToContainTextAsync("на связи");

        await page.Context.SetOfflineAsync(true);
        await Expect(page.Locator(".live")).ToContainTextAsync("нет связи");
        for (var i = 1; i <= 3; i++)
            await school.Teacher.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = $"gap{i}", Body = $"Пока вас не было {i}" });
        await page.Context.SetOfflineAsync(false);

        for (var i = 1; i <= 3; i++) await Expect(Message(page, $"Пока вас не было {i}")).ToBeVisibleAsync();
        await Expect(page.Locator(".live")).ToContainTextAsync("на связи");
        await Expect(page.Locator("li.message")).ToHaveCountAsync(4); // each once: the gap, no duplicates
        await school.Teacher.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "after", Body = "После восстановления" });
        await Expect(Message(page, "После восстановления")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task DIS_6_ORG_16_the_director_sees_every_chat_with_its_moderators_and_verifies_the_audit()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, [school.Students[0]], "Чат 6А, надзор");
        var sent = await school.Students[0].Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "x", Body = "Грубость" });
        await school.Teacher.Moderation.RemindMemberAsync(new RemindMemberRequest { ChatId = chat.ChatId, Seq = sent.Seq, Clause = 1 });
        var director = await school.AddTeacherAsync();
        await school.Admin.Members.SetManagementRoleAsync(new SetManagementRoleRequest { SchoolId = school.SchoolId, UserId = director.UserId, Role = SchoolRole.Director, Holds = true });
        var directorPhone = (await director.Users.GetMeAsync(new GetMeRequest())).Me.Phone;

        var page = await web.OpenAsync();
        await web.SignInAsync(page, directorPhone);
        await page.GetByRole(AriaRole.Link, new() { Name = "Надзор:" }).ClickAsync();
        var row = page.Locator("tr:not([data-action])", new() { HasText = "Чат 6А, надзор" });
        await Expect(row).ToContainTextAsync("ученики класса");
        await Expect(page.Locator("tr[data-action=remind]").First).ToContainTextAsync("Напоминание о правиле"); // a name, not the code
        await page.GetByRole(AriaRole.Button, new() { Name = "Проверить целостность журнала" }).ClickAsync();
        await Expect(page.Locator("p.ok")).ToContainTextAsync("Журнал цел");
        await web.CheckAccessibilityAsync(page, "oversight-desktop");
        await page.SetViewportSizeAsync(360, 740);
        await web.CheckAccessibilityAsync(page, "oversight-phone");
    }

    [Fact]
    public async Task DIS_6_CHAT_8_files_upload_from_the_composer_and_download_from_the_history_a_poll_counts_votes_live_and_a_mention_is_highlighted()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var student = school.Students[0];
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, [student], "Чат 6А, файлы и опросы");
        var pdf = FileUploads.Pdf(20_000);
        var file = await FileUploads.UploadAsync(school.Teacher, school.SchoolId, "Домашнее задание.pdf", pdf);
        await school.Teacher.Chats.SendMessageAsync(new SendMessageRequest
        {
            ChatId = chat.ChatId,
            ClientKey = "file",
            Body = "Задание на неделю",
            AttachmentIds = { file.FileId },
            Mentions = { student.UserId },
        });
        var teacherPhone = (await school.Teacher.Users.GetMeAsync(new GetMeRequest())).Me.Phone;
        var studentPhone = (await student.Users.GetMeAsync(new GetMeRequest())).Me.Phone;

        var teacher = await web.OpenAsync();
        await web.SignInAsync(teacher, teacherPhone);
        await teacher.GetByRole(AriaRole.Link, new() { Name = "Чат 6А, файлы и опросы" }).ClickAsync();
        var pupil = await web.OpenAsync(phone: true);
        await web.SignInAsync(pupil, studentPhone);
        await pupil.GetByRole(AriaRole.Link, new() { Name = "Чат 6А, файлы и опросы" }).ClickAsync();

        // The mention is highlighted for the pupil it names, not for the teacher who wrote it.
        var withFile = Message(pupil, "Задание на неделю");
        await Expect(withFile).ToHaveClassAsync(new Regex("mentioned"));
        await Expect(withFile).ToContainTextAsync("вас упомянули");
        await Expect(Message(teacher, "Задание на неделю")).Not.ToContainTextAsync("вас упомянули");

        // The attachment in the history downloads, byte for byte, through the server-streaming DownloadFile.
        await Expect(withFile.Locator(".attachment")).ToContainTextAsync("Домашнее задание.pdf");
        var download = await pupil.RunAndWaitForDownloadAsync(
            () => withFile.GetByRole(AriaRole.Button, new() { Name = "Скачать Домашнее задание.pdf" }).ClickAsync());
        Assert.Equal("Домашнее задание.pdf", download.SuggestedFilename);
        Assert.Equal(pdf, await File.ReadAllBytesAsync(await download.PathAsync()));
        await web.CheckAccessibilityAsync(pupil, "chat-file-mention-phone");

        // The teacher opens a poll; the pupil votes; the teacher's count moves live.
        await teacher.GetByText("Новый опрос", new() { Exact = true }).ClickAsync();
        await teacher.GetByLabel("Вопрос опроса").FillAsync("Когда консультация?");
        await teacher.GetByLabel("Варианты ответа, по одному в строке").FillAsync("Понедельник\nСреда");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Создать опрос" }).ClickAsync();
        var pollOnPhone = pupil.Locator("section.poll", new() { HasText = "Когда консультация?" });
        await pollOnPhone.GetByLabel(new Regex("^Среда")).CheckAsync();
        await pollOnPhone.GetByRole(AriaRole.Button, new() { Name = "Голосовать" }).ClickAsync();
        await Expect(pollOnPhone).ToContainTextAsync("Ваш голос учтён");
        var pollOnDesktop = teacher.Locator("section.poll", new() { HasText = "Когда консультация?" });
        await Expect(pollOnDesktop.Locator(".poll-option", new() { HasText = "Среда" }).Locator(".count")).ToHaveTextAsync("голосов: 1");
        await Expect(pollOnDesktop.Locator(".poll-option", new() { HasText = "Понедельник" }).Locator(".count")).ToHaveTextAsync("голосов: 0");
        await web.CheckAccessibilityAsync(teacher, "chat-poll-desktop");
        await web.CheckAccessibilityAsync(pupil, "chat-poll-phone");

        // The pupil mentions the teacher with the picker; the teacher sees the message highlighted.
        var teacherName = (await school.Teacher.Users.GetMeAsync(new GetMeRequest())).Me.DisplayName;
        await pupil.GetByLabel("Сообщение").FillAsync("Спасибо,");
        await pupil.GetByLabel("Упомянуть участника").SelectOptionAsync(new SelectOptionValue { Value = school.Teacher.UserId });
        await pupil.GetByRole(AriaRole.Button, new() { Name = "Отправить" }).ClickAsync();
        var thanks = Message(teacher, "Спасибо,");
        await Expect(thanks).ToContainTextAsync("вас упомянули");
        await Expect(thanks.Locator("p.body")).ToContainTextAsync("@" + teacherName);

        // The pupil attaches a file in the composer (uploaded in unary calls: gRPC-Web carries no client stream, and a
        // file of 2.5 MB takes three chunks); the teacher sees it arrive live and downloads the same bytes.
        var answer = FileUploads.Pdf(2_500_000);
        await pupil.GetByLabel("Прикрепить файлы").SetInputFilesAsync(new FilePayload { Name = "Ответ.pdf", MimeType = "application/pdf", Buffer = answer });
        await Expect(pupil.Locator("ul.attached")).ToContainTextAsync("Ответ.pdf");
        await web.CheckAccessibilityAsync(pupil, "chat-attach-phone");
        await pupil.GetByLabel("Сообщение").FillAsync("Мой ответ");
        await pupil.GetByRole(AriaRole.Button, new() { Name = "Отправить" }).ClickAsync();
        await Expect(pupil.Locator("ul.attached")).ToHaveCountAsync(0);
        var answered = Message(teacher, "Мой ответ");
        await Expect(answered.Locator(".attachment")).ToContainTextAsync("Ответ.pdf");
        var received = await teacher.RunAndWaitForDownloadAsync(
            () => answered.GetByRole(AriaRole.Button, new() { Name = "Скачать Ответ.pdf" }).ClickAsync());
        Assert.Equal(answer, await File.ReadAllBytesAsync(await received.PathAsync()));

        // A name the pupil changes after joining is the name the teacher sees in the chat.
        await pupil.GotoAsync(web.BaseUrl + "/#/profile");
        await pupil.GetByLabel("Имя, которое видят другие").FillAsync("Петя Новиков");
        await pupil.GetByRole(AriaRole.Button, new() { Name = "Сохранить" }).ClickAsync();
        await Expect(pupil.GetByText("Сохранено.")).ToBeVisibleAsync();
        // The account tells the chat right after answering: wait for the chat's list, then open the chat afresh.
        for (var deadline = DateTime.UtcNow.AddSeconds(30); (await school.Teacher.Chats.ListChatMembersAsync(new ListChatMembersRequest { ChatId = chat.ChatId }))
                 .Members.Single(m => m.UserId == student.UserId).DisplayName != "Петя Новиков";)
        {
            Assert.True(DateTime.UtcNow < deadline, "the rename did not reach the chat in 30 s");
            await Task.Delay(100);
        }

        await teacher.ReloadAsync();
        await Expect(Message(teacher, "Мой ответ").Locator(".author")).ToHaveTextAsync("Петя Новиков");

        // What the browser showed is what the server stored.
        var history = await school.Teacher.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId });
        Assert.Contains(history.Messages, m => m.AuthorId == student.UserId && m.Mentions.SequenceEqual([school.Teacher.UserId]));
        var uploaded = (await school.Teacher.Files.GetFileAsync(new GetFileRequest
        {
            FileId = history.Messages.Single(m => m.Body == "Мой ответ").AttachmentIds.Single(),
        })).File;
        Assert.Equal(("Ответ.pdf", "application/pdf", (long)answer.Length, student.UserId), (uploaded.Name, uploaded.ContentType, uploaded.Size, uploaded.UploaderId));
        var opened = Assert.Single(history.Events, e => e.Kind == ChatEventKind.PollOpened);
        var poll = (await school.Teacher.Polls.GetPollAsync(new GetPollRequest { PollId = opened.PollId })).Poll;
        Assert.Equal(["Понедельник", "Среда"], poll.Options.Select(o => o.Text));
        Assert.Equal([0, 1], poll.Options.Select(o => o.Count));
    }

    [Fact]
    public async Task DIS_6_ETH_7_the_due_process_view_shows_violations_the_block_the_apology_objections_and_ends_a_block_early()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2);
        var (pupil, classmate) = (school.Students[0], school.Students[1]);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, [pupil, classmate], "Чат 6А, разбор");
        async Task<List<string>> ViolationsAsync(Session who, string tag, int count)
        {
            for (var i = 1; i <= count; i++)
            {
                var sent = await who.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = $"{tag}{i}", Body = $"Спам {tag} {i}" });
                await school.Teacher.Moderation.RemindMemberAsync(new RemindMemberRequest { ChatId = chat.ChatId, Seq = sent.Seq, Clause = 1 });
            }
            var sanctions = await school.Teacher.Moderation.GetMemberSanctionsAsync(new GetMemberSanctionsRequest { ChatId = chat.ChatId, UserId = who.UserId });
            return sanctions.Sanctions.Violations.Where(v => v.CitedByBlockId.Length == 0).Select(v => v.ViolationId).ToList();
        }
        await ViolationsAsync(pupil, "a", 3);
        // The classmate is blocked and apologises before the teacher looks.
        await school.Teacher.Moderation.BlockMemberAsync(new BlockMemberRequest
        {
            ChatId = chat.ChatId,
            UserId = classmate.UserId,
            ViolationIds = { await ViolationsAsync(classmate, "b", 4) },
            Until = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(Server.Clock.GetUtcNow().AddDays(10)),
        });
        await classmate.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "sorry-b", Body = "Простите меня.", Apology = true });
        var teacherPhone = (await school.Teacher.Users.GetMeAsync(new GetMeRequest())).Me.Phone;

        var page = await web.OpenAsync();
        await web.SignInAsync(page, teacherPhone);
        await page.GetByRole(AriaRole.Link, new() { Name = "Чат 6А, разбор" }).ClickAsync();
        var member = page.GetByLabel("Участник", new() { Exact = true });
        var due = page.Locator(".due-process");

        // Three violations: listed with their rule and message, and the block citing them is refused (ETH-6).
        await member.SelectOptionAsync(new SelectOptionValue { Value = pupil.UserId });
        await Expect(due.Locator("tr[data-violation]")).ToHaveCountAsync(3);
        await Expect(due.Locator("tr[data-violation]").First).ToContainTextAsync("Спам a 1");
        await Expect(due).ToContainTextAsync("Сейчас не заблокирован(а).");
        var violations = page.Locator("fieldset input[type=checkbox]");
        for (var i = 0; i < 3; i++) await violations.Nth(i).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Заблокировать" }).ClickAsync();
        await Expect(page.Locator(".moderation .refusal")).ToHaveAttributeAsync("data-reason", "NOT_ENOUGH_VIOLATIONS");

        // The classmate's block: the apology and its window; the teacher objects, and the early unblock is refused.
        await member.SelectOptionAsync(new SelectOptionValue { Value = classmate.UserId });
        await Expect(due.Locator(".block-info")).ToContainTextAsync("Заблокирован(а)");
        await Expect(due.Locator(".apology")).ToContainTextAsync("возражений нет");
        await Expect(due.Locator("tr[data-violation]", new() { HasText = "учтено" })).ToHaveCountAsync(4);
        await web.CheckAccessibilityAsync(page, "due-process-desktop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Возразить против досрочной разблокировки" }).ClickAsync();
        await Expect(due.Locator(".apology")).ToContainTextAsync("возразили:");
        await page.GetByRole(AriaRole.Button, new() { Name = "Разблокировать досрочно" }).ClickAsync();
        var refused = page.Locator(".moderation .refusal");
        await Expect(refused).ToHaveAttributeAsync("data-reason", "OBJECTED");
        await Expect(refused).ToContainTextAsync("правило ETH-7");

        // The pupil's fourth violation: blocked in the browser; the pupil apologises, nobody objects, the window
        // passes, and the teacher ends the block early.
        await ViolationsAsync(pupil, "c", 1);
        await member.SelectOptionAsync(new SelectOptionValue { Value = "" });
        await member.SelectOptionAsync(new SelectOptionValue { Value = pupil.UserId });
        await Expect(violations).ToHaveCountAsync(4);
        for (var i = 0; i < 4; i++) await violations.Nth(i).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Заблокировать" }).ClickAsync();
        await Expect(due.Locator(".block-info")).ToContainTextAsync("нарушений: 4");
        await pupil.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "sorry-a", Body = "Извините.", Apology = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Разблокировать досрочно" }).ClickAsync();
        await Expect(refused).ToHaveAttributeAsync("data-reason", "OBJECTION_WINDOW_OPEN");
        Server.Clock.Advance(TimeSpan.FromHours(25));
        await page.GetByRole(AriaRole.Button, new() { Name = "Разблокировать досрочно" }).ClickAsync();
        await Expect(page.Locator(".moderation .ok")).ToContainTextAsync("разблокирован(а) досрочно");
        await Expect(due).ToContainTextAsync("Сейчас не заблокирован(а).");
        var after = await school.Teacher.Moderation.GetMemberSanctionsAsync(new GetMemberSanctionsRequest { ChatId = chat.ChatId, UserId = pupil.UserId });
        Assert.Null(after.Sanctions.ActiveBlock);
        var still = await school.Teacher.Moderation.GetMemberSanctionsAsync(new GetMemberSanctionsRequest { ChatId = chat.ChatId, UserId = classmate.UserId });
        Assert.Equal([school.Teacher.UserId], still.Sanctions.ActiveBlock.ObjectorIds);
    }

    [Fact]
    public async Task DIS_6_ORG_10_ORG_6_ORG_12_the_administrator_moves_a_student_records_a_leaver_appoints_an_administrator_and_posts_in_the_school_channel()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2);
        var (moving, leaving) = (school.Students[0], school.Students[1]);
        var sixB = (await school.Admin.Classes.CreateClassAsync(new CreateClassRequest { SchoolId = school.SchoolId, Name = "6Б", Kind = ClassKind.Grade })).Class;
        var adminPhone = (await school.Admin.Users.GetMeAsync(new GetMeRequest())).Me.Phone;

        var admin = await web.OpenAsync();
        await web.SignInAsync(admin, adminPhone);
        await admin.GetByRole(AriaRole.Link, new() { Name = "Школа:" }).ClickAsync();
        await admin.GetByRole(AriaRole.Navigation, new() { Name = "Разделы школы" }).GetByRole(AriaRole.Link, new() { Name = "Участники" }).ClickAsync();
        ILocator Row(Session who) => admin.Locator($"tr[data-user='{who.UserId}']");
        var ok = admin.Locator("p.ok[role=status]");

        // A student moves to 6Б, another leaves the school, a verified teacher becomes an administrator.
        await Row(moving).GetByLabel("Перевести в класс").SelectOptionAsync(new SelectOptionValue { Label = "6Б" });
        await Row(moving).GetByRole(AriaRole.Button, new() { Name = "Перевести:" }).ClickAsync();
        await Expect(ok).ToContainTextAsync("переведён(а) в 6Б");
        await Row(leaving).GetByRole(AriaRole.Button, new() { Name = "Выбыл(а) из школы:" }).ClickAsync();
        await Expect(ok).ToContainTextAsync("выбыл(а) из школы");
        await Expect(Row(leaving)).ToHaveCountAsync(0);
        await Row(school.Teacher).GetByRole(AriaRole.Button, new() { Name = "Назначить администратором:" }).ClickAsync();
        await Expect(ok).ToContainTextAsync("назначен(а) администратором");
        await Expect(Row(school.Teacher)).ToContainTextAsync("администратор");
        await web.CheckAccessibilityAsync(admin, "school-members-actions-desktop");

        var moved = (await school.Admin.Members.GetMemberAsync(new GetMemberRequest { SchoolId = school.SchoolId, UserId = moving.UserId })).Member;
        Assert.Equal([sixB.ClassId], moved.Classes.Select(c => c.ClassId));
        var appointed = (await school.Admin.Members.GetMemberAsync(new GetMemberRequest { SchoolId = school.SchoolId, UserId = school.Teacher.UserId })).Member;
        Assert.Contains(SchoolRole.Administrator, appointed.Roles);

        // The movements, newest first, by kind.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Движение" }).ClickAsync();
        await Expect(admin.Locator("tr[data-kind=STUDENT_MOVED]")).ToContainTextAsync("6Б");
        await Expect(admin.Locator("tr[data-kind=STUDENT_LEFT]")).ToContainTextAsync("выбытие ученика");
        await web.CheckAccessibilityAsync(admin, "school-movements-desktop");

        // The channels: the administrator posts in the school-wide one.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Каналы" }).ClickAsync();
        var channels = admin.Locator("ul.channels li");
        await Expect(channels).ToHaveCountAsync(2);
        await web.CheckAccessibilityAsync(admin, "school-channels-desktop");
        await channels.Filter(new() { HasText = "вся школа" }).GetByRole(AriaRole.Link).ClickAsync();
        await admin.GetByLabel("Сообщение").FillAsync("Завтра линейка в 8:30.");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Отправить" }).ClickAsync();
        await Expect(Message(admin, "Завтра линейка в 8:30.")).ToBeVisibleAsync();
        var channel = (await school.Admin.Chats.ListSchoolChatsAsync(new ListSchoolChatsRequest { SchoolId = school.SchoolId })).Chats.Single(c => c.Kind == ChatKind.SchoolChannel);
        var posted = (await school.Admin.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = channel.ChatId })).Messages;
        Assert.Contains(posted, m => m.AuthorId == school.Admin.UserId && m.Body == "Завтра линейка в 8:30.");
    }

    [Fact]
    public async Task DIS_6_ORG_14_the_director_reads_the_statistics_charts_as_tables_and_the_minutes_arrive_live()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 5);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students, "Чат 6А, статистика");
        foreach (var student in school.Students)
            await student.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "hello", Body = "Здравствуйте" });
        await UsageCatchUp.WaitAsync(Server, school.SchoolId, [chat.ChatId]);
        var director = await school.AddTeacherAsync();
        await school.Admin.Members.SetManagementRoleAsync(new SetManagementRoleRequest { SchoolId = school.SchoolId, UserId = director.UserId, Role = SchoolRole.Director, Holds = true });
        var directorPhone = (await director.Users.GetMeAsync(new GetMeRequest())).Me.Phone;

        var page = await web.OpenAsync();
        await web.SignInAsync(page, directorPhone);
        await page.GetByRole(AriaRole.Link, new() { Name = "Статистика:" }).ClickAsync();
        // Five pupils wrote: shown (k = 5), in the totals, by day and by role; the one teacher's role row is hidden.
        var totals = page.Locator("table.bars", new() { Has = page.Locator("caption", new() { HasText = "Итоги периода" }) });
        await Expect(totals.Locator("tr[data-metric=message_sent] .value")).ToHaveTextAsync("5");
        var byDay = page.Locator("table.bars", new() { Has = page.Locator("caption", new() { HasText = "Сообщения по дням" }) });
        await Expect(byDay.Locator(".value", new() { HasTextRegex = new Regex("^5$") })).ToHaveCountAsync(1);
        var byRole = page.Locator("table.bars", new() { Has = page.Locator("caption", new() { HasText = "Сообщения по ролям" }) });
        await Expect(byRole.Locator("tr", new() { HasText = "ученики" })).ToContainTextAsync("5");
        await web.CheckAccessibilityAsync(page, "statistics-desktop");

        // WatchUsage over gRPC-Web: the newest closed minute first, then each minute as it closes, without a reload.
        var minutes = page.Locator("table.live-minutes tr.minute");
        await Expect(minutes.First).ToBeVisibleAsync();
        var shown = await minutes.CountAsync();
        Server.Clock.Advance(TimeSpan.FromMinutes(2));
        await Expect(minutes.Nth(shown)).ToBeVisibleAsync();
        await page.SetViewportSizeAsync(360, 740);
        await web.CheckAccessibilityAsync(page, "statistics-phone");
    }
}
