using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Grains;
using DistrictSferum.Grains.Chats;
using DistrictSferum.Grains.Common;
using DistrictSferum.Grains.Identity;
using DistrictSferum.Grains.Schools;
using DistrictSferum.Tests.Rules;
using DistrictSferum.Tests.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace DistrictSferum.Tests.Infrastructure;

/// <summary>An in-process Orleans cluster with memory storage, a fake clock and captured sign-in codes.</summary>
public class GrainClusterFixture : IAsyncLifetime
{
    protected virtual short SiloCount => 1;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 9, 1, 6, 0, 0, TimeSpan.Zero));

    public CapturingCodeSender Codes { get; } = new();

    public InMemorySchoolHistoryStore History { get; } = new();

    public InMemoryChatLog ChatLog { get; } = new();

    public InMemoryUsageRecorder Usage { get; } = new();

    public RecordingEventSink Sink { get; } = new();

    public InMemoryAuditStore Audit { get; } = new();

    public InMemoryAuditStore AdminAudit { get; } = new();

    public DistrictSferum.Contracts.Identity.ContactKeys ContactKeys { get; } = new(new byte[32]);

    /// <summary>The contact grain of an address, with the address every call carries.</summary>
    public ContactHandle Contact(DistrictSferum.Contracts.Identity.ContactAddress address) =>
        new(Grains.GetGrain<DistrictSferum.Contracts.Identity.IContactGrain>(ContactKeys.Of(address)), address);

    public InMemorySessionStore Sessions { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>The grains' settings in these tests.</summary>
    private static IConfiguration Settings { get; } = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Statistics:Enabled"] = "false",
        ["Audit:ChainKey"] = Convert.ToBase64String(new byte[32]),
        ["Jwt:SigningKey"] = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray()),
        ["Files:Scanner"] = "none",
    }).Build();

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(initialSilosCount: SiloCount);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Grains);
            silo.AddMemoryGrainStorage(StorageNames.Contacts);
            silo.AddMemoryGrainStorage(StorageNames.PubSub);
            silo.UseInMemoryReminderService();
            silo.AddMemoryStreams(StreamNames.Provider);
            // What this fixture swaps: the stores (in memory), the clock, the code sender, the event sink and fixed
            // contact keys. Everything else comes from the server's own composition root.
            silo.Services.AddKeyedSingleton<TimeProvider>(DistrictSferum.Contracts.Clocks.Domain, Clock);
            silo.Services.AddSingleton<ISchoolHistoryStore>(History);
            silo.Services.AddSingleton<ISchoolStore, InMemorySchoolStore>();
            silo.Services.AddSingleton<DistrictSferum.Grains.Statistics.IUsageRecorder>(Usage);
            silo.Services.AddSingleton<IChatLog>(ChatLog);
            silo.Services.AddSingleton<DistrictSferum.Grains.Moderation.IAuditStore>(Audit);
            silo.Services.AddKeyedSingleton<DistrictSferum.Grains.Moderation.IAuditStore>(DistrictSferum.Grains.Audit.AdminAuditGrain.StoreKey, AdminAudit);
            silo.Services.AddSingleton<DistrictSferum.Grains.Audit.IAuditIntentStore, DistrictSferum.Grains.Audit.NoAuditIntentStore>();
            silo.Services.AddSingleton<IContactExpiryStore, InMemoryContactExpiryStore>();
            silo.Services.AddSingleton<DistrictSferum.Grains.Identity.Sessions.ISessionStore>(Sessions);
            silo.Services.AddSingleton(ContactKeys);
            silo.Services.AddSingleton<ICodeSender>(Codes);
            silo.Services.AddSingleton<DistrictSferum.Contracts.Chats.IChatEventSink>(Sink);
            // No PostgreSQL behind grain tests: the statistics aggregator is off and file grains are not called.
            silo.Services.AddSferumGrains(Settings, "Host=127.0.0.1;Port=1;Database=none");
        });
        builder.ConfigureClient(client => client.AddMemoryStreams(StreamNames.Provider));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        foreach (var silo in Cluster.Silos)
        {
            var delivery = silo.SiloHost.Services.GetRequiredService<DistrictSferum.Grains.Identity.Delivery.CodeDeliveryQueue>();
            Codes.Follow(() => delivery.InFlight);
        }
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>A newly registered school, its administrator signed in, and its administrators' chat (the administrator a member).</summary>
    public async Task<(Actor Admin, string SchoolId, IChatGrain Chat, string ChatId)> AdminsChatAsync(string adminPhone)
    {
        var district = Grains.GetGrain<IDistrictGrain>(IDistrictGrain.Key);
        var op = new Actor(await Grains.GetGrain<DistrictSferum.Grains.Districts.IDistrictOperators>(IDistrictGrain.Key)
            .BootstrapOperator(ContactAddress.Phone("+70000000001"), "Operator"));
        var application = SchoolRulesTests.Valid() with
        {
            Info = SchoolRulesTests.Valid().Info with { Name = "Школа " + adminPhone },
            AdminPhone = adminPhone,
            AdminEmail = $"{adminPhone.Trim('+')}@school.example.org",
        };
        var school = await district.RegisterSchool(op, application);
        var phone = ContactAddress.Phone(adminPhone);
        var contact = Contact(phone);
        await contact.RequestCode();
        var admin = new Actor(await contact.VerifyCode(Codes.CodeFor(phone.Value)));
        var chatId = "admins-" + Guid.NewGuid().ToString("N");
        var chat = Grains.GetGrain<IChatGrain>(chatId);
        await chat.Create(admin, new NewChat(school.SchoolId, ChatKind.Admins, "Администрация", null, null, ["Вежливость"]));
        return (admin, school.SchoolId, chat, chatId);
    }
}

/// <summary>A contact grain and its address, so tests call it as the gateway does.</summary>
public sealed record ContactHandle(DistrictSferum.Contracts.Identity.IContactGrain Grain, DistrictSferum.Contracts.Identity.ContactAddress Address)
{
    public Task<DistrictSferum.Contracts.Identity.CodeIssued> RequestCode() => Grain.RequestCode(Address);

    public Task<string> VerifyCode(string code, string? displayName = null) => Grain.VerifyCode(Address, code, displayName);

    public Task<string> EnsureAccount(string displayName) => Accounts.EnsureAccount(Address, displayName);

    /// <summary>The same grain as the account keeper other grains call (internal to the Grains project).</summary>
    internal DistrictSferum.Grains.Identity.IContactAccounts Accounts => Grain.AsReference<DistrictSferum.Grains.Identity.IContactAccounts>();
}

/// <summary>The same cluster with two silos, for what depends on where a grain lives.</summary>
public sealed class TwoSiloGrainClusterFixture : GrainClusterFixture
{
    protected override short SiloCount => 2;
}
