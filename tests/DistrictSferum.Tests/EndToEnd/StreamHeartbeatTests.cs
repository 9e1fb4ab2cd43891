using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Users;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictSferum.Tests.EndToEnd;

/// <summary>
/// Issue 9 item 6: a Subscribe stream never stalls silently. A chat that no longer exists is skipped and pruned, a chat
/// joined while the stream is open is added to it, a lost relay subscription is repaired from the log, and a periodic
/// heartbeat tells the client its positions.
/// </summary>
public sealed class StreamHeartbeatTests
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task A_stream_skips_and_prunes_a_chat_that_is_gone_adds_a_chat_joined_meanwhile_and_beats()
    {
        var postgres = await SharedPostgres.GetAsync();
        await using var server = await ServerHost.StartAsync(await postgres.CreateDatabaseAsync("heartbeat"),
            settings: new Dictionary<string, string?> { ["Gateway:Streams:HeartbeatInterval"] = Heartbeat.ToString() });
        var school = await SchoolScenario.CreateAsync(server, students: 0);
        var teacher = school.Teacher;
        var grains = server.Services.GetRequiredService<IGrainFactory>();

        // The teacher's list names a chat that does not exist (deleted, or a crash between two writes).
        var gone = Guid.NewGuid().ToString("N");
        await grains.GetGrain<DistrictSferum.Grains.Users.IUserMemberships>(teacher.UserId).SetChatMembership(gone, true);

        await using var stream = StreamRecorder.Open(teacher);
        await stream.UntilAsync(s => s.Heartbeats.Count > 0);
        Assert.Null(stream.Failure);
        Assert.DoesNotContain(gone, await grains.GetGrain<IUserGrain>(teacher.UserId).GetChatIds(new Actor(teacher.UserId)));
        Assert.DoesNotContain(stream.Heartbeats[^1].Positions, p => p.ChatId == gone);

        // A chat created (joined) after the stream opened is followed without reconnecting.
        var chat = (await teacher.Chats.CreateChatAsync(new CreateChatRequest
        {
            SchoolId = school.SchoolId,
            Kind = ChatKind.ClassStudents,
            Title = "6А ученики",
            ClassId = school.ClassId,
            RuleClauses = { "Без грубости." },
        })).Chat;
        await teacher.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "first", Body = "Добро пожаловать" });
        await stream.UntilAsync(s => s.EventsOf(chat.ChatId).Any(e => e.Body == "Добро пожаловать"));

        // The silo's relay loses its subscription (as a Start/Stop race or a lost stream item would): the heartbeat
        // finds the chat's committed position ahead of the stream and fills the gap from the log.
        var silo = server.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        await grains.GetGrain<DistrictSferum.Contracts.Chats.IChatRelayGrain>(DistrictSferum.Contracts.Chats.RelayKey.Of(silo, StreamNames.Chat, chat.ChatId))
            .Stop(long.MaxValue);
        var sent = await teacher.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "second", Body = "Не потеряется" });
        await stream.UntilAsync(s => s.EventsOf(chat.ChatId).Any(e => e.Body == "Не потеряется"));
        await stream.UntilAsync(s => s.Heartbeats.Any(h => h.Positions.Any(p => p.ChatId == chat.ChatId && p.LastSeq >= sent.Seq)));

        Assert.Equal(0, stream.Resumes);
        var seqs = stream.EventsOf(chat.ChatId).Select(e => e.Seq).ToList();
        Assert.Equal(seqs.Distinct().Order(), seqs);
    }

    /// <summary>
    /// Issue 9 (found by chaos.sh): a client that follows all its chats and whose stream ended before every chat had
    /// caught up resumes with positions of only some. With positions alone the new stream followed just those (the
    /// others' messages never came, the stream still beating); with <c>all_chats</c> it follows every chat.
    /// </summary>
    [Fact]
    public async Task A_stream_resumed_with_all_chats_follows_every_chat_not_only_those_it_has_positions_for()
    {
        var postgres = await SharedPostgres.GetAsync();
        await using var server = await ServerHost.StartAsync(await postgres.CreateDatabaseAsync("heartbeat_all"),
            settings: new Dictionary<string, string?> { ["Gateway:Streams:HeartbeatInterval"] = Heartbeat.ToString() });
        var school = await SchoolScenario.CreateAsync(server, students: 0);
        var teacher = school.Teacher;
        async Task<string> ChatAsync(ChatKind kind, string title, string subject = "") => (await teacher.Chats.CreateChatAsync(new CreateChatRequest
        {
            SchoolId = school.SchoolId,
            Kind = kind,
            Title = title,
            ClassId = school.ClassId,
            Subject = subject,
            RuleClauses = { "Без грубости." },
        })).Chat.ChatId;
        var known = await ChatAsync(ChatKind.ClassStudents, "6А ученики");
        var unheard = await ChatAsync(ChatKind.ClassParents, "6А родители");
        var held = (await teacher.Chats.SendMessageAsync(new SendMessageRequest { ChatId = known, ClientKey = "held", Body = "Уже у клиента" })).Seq;
        await teacher.Chats.SendMessageAsync(new SendMessageRequest { ChatId = known, ClientKey = "missed", Body = "Пока не было связи" });

        await using var stream = StreamRecorder.OpenAll(teacher, (known, held));
        await stream.UntilAsync(s => s.CaughtUp(known) && s.CaughtUp(unheard));
        Assert.Equal(["Пока не было связи"], stream.EventsOf(known).Select(e => e.Body));
        await teacher.Chats.SendMessageAsync(new SendMessageRequest { ChatId = unheard, ClientKey = "live", Body = "Собрание в четверг" });
        await stream.UntilAsync(s => s.EventsOf(unheard).Any(e => e.Body == "Собрание в четверг"));

        // And it still picks up a chat joined while it is open.
        var joined = await ChatAsync(ChatKind.Subject, "Математика 6А", "Математика");
        await teacher.Chats.SendMessageAsync(new SendMessageRequest { ChatId = joined, ClientKey = "new", Body = "Контрольная" });
        await stream.UntilAsync(s => s.EventsOf(joined).Any(e => e.Body == "Контрольная"));
        Assert.Equal(0, stream.Resumes);
    }
}
