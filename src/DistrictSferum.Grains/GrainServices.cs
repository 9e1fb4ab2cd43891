using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Options;
using DistrictSferum.Grains.Audit;
using DistrictSferum.Grains.Chats;
using DistrictSferum.Grains.Districts;
using DistrictSferum.Grains.Files;
using DistrictSferum.Grains.Identity;
using DistrictSferum.Grains.Identity.Delivery;
using DistrictSferum.Grains.Identity.Sessions;
using DistrictSferum.Grains.Meetings;
using DistrictSferum.Grains.Moderation;
using DistrictSferum.Grains.Schools;
using DistrictSferum.Grains.Statistics;
using DistrictSferum.Grains.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DistrictSferum.Grains;

/// <summary>The grains' composition root, shared by the server and the test clusters.</summary>
public static class GrainServices
{
    /// <summary>
    /// Everything the grains need that is not a silo-builder setting: validated options, the domain clock, the
    /// PostgreSQL data source and stores, rate limits, delivery queues and background workers. Stores, the clock and
    /// the contact keys are added only if not registered already, so a test registers its own first and swaps just those.
    /// </summary>
    public static IServiceCollection AddSferumGrains(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.TryAddKeyedSingleton(Clocks.Domain, TimeProvider.System);
        services.AddPlacementDirector<Chats.KeySiloPlacement, Chats.KeySiloPlacementDirector>();
        // Npgsql's DI package: the data source logs through ILogger and is disposed with the host.
        services.AddNpgsqlDataSource(connectionString);

        AddChats(services, configuration);
        AddIdentity(services, configuration);
        AddModeration(services, configuration);
        AddStatistics(services, configuration);
        services.TryAddSingleton<ISchoolHistoryStore, PostgresSchoolHistoryStore>();
        services.TryAddSingleton<ISchoolStore, PostgresSchoolStore>();
        services.TryAddSingleton<PostgresSupportStore>();
        services.TryAddSingleton<PostgresSchoolActivity>();
        services.AddSferumMeetings(configuration);
        services.AddSferumFiles(configuration);
        return services;
    }

    private static void AddChats(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ChatOptions>(configuration, ChatOptions.Section);
        // The group-commit writer is a hosted service registered before the silo: it starts first and stops after it,
        // so appends of deactivating chats are still committed.
        services.TryAddSingleton<PostgresChatLog>();
        services.TryAddSingleton<IChatLog>(sp => sp.GetRequiredService<PostgresChatLog>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresChatLog>());
    }

    private static void AddIdentity(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SignInOptions>(configuration, SignInOptions.Section);
        services.AddValidatedOptions<SessionLifetimeOptions>(configuration, SessionLifetimeOptions.Section);
        services.AddValidatedOptions<CodeDeliveryOptions>(configuration, CodeDeliveryOptions.Section);
        services.TryAddSingleton(_ => ContactKeys.From(configuration["Identity:ContactKeySecret"], configuration["Jwt:SigningKey"] ?? ""));
        services.TryAddSingleton<IContactExpiryStore, PostgresContactExpiryStore>();
        services.AddSingleton<UnverifiedContactSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<UnverifiedContactSweeper>());
        services.TryAddSingleton<ISessionStore, PostgresSessionStore>();
        services.AddSingleton<CodeDeliveryQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<CodeDeliveryQueue>());
    }

    private static void AddModeration(IServiceCollection services, IConfiguration configuration)
    {
        // The audit chain key is its own secret (issue 9): required, never the JWT key nor derived from it.
        services.AddValidatedOptions<AuditOptions>(configuration, AuditOptions.Section)
            .Validate(o => o.Problem(configuration["Jwt:SigningKey"]) is null,
                "Audit:ChainKey must be base64 of at least 32 bytes and differ from Jwt:SigningKey; Audit:PreviousKeys likewise (README: Audit chain key).");
        services.TryAddSingleton<IAuditStore>(sp => new PostgresAuditStore(sp.GetRequiredService<Npgsql.NpgsqlDataSource>()));
        services.TryAddKeyedSingleton<IAuditStore>(AdminAuditGrain.StoreKey,
            (sp, _) => new PostgresAuditStore(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(), PostgresAuditStore.AdminTable));
        services.TryAddSingleton<IAuditIntentStore, PostgresAuditIntentStore>();
        services.AddSingleton<AuditIntents>();
        services.AddHostedService<AuditIntentSweeper>();
    }

    private static void AddStatistics(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<StatisticsOptions>(configuration, StatisticsOptions.Section);
        services.TryAddSingleton<PostgresUsageStore>();
        services.TryAddSingleton<PublishedUsageCache>();
        services.TryAddSingleton<IUsageRecorder>(sp => sp.GetRequiredService<PostgresUsageStore>());
        services.AddSingleton<StreamSessions>();
        services.AddSingleton<DistrictSferum.Contracts.Statistics.IStreamSessions>(sp => sp.GetRequiredService<StreamSessions>());
        services.AddHostedService(sp => sp.GetRequiredService<StreamSessions>());
    }
}
