using DistrictSferum.Contracts.Identity;
using DistrictSferum.Grains.Identity;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DistrictSferum.Tests.Postgres;

/// <summary>Issue 8: a contact that asked for a code and never signed in does not stay in the database for ever.</summary>
public sealed class ContactExpiryTests
{
    [Fact]
    public async Task A_contact_that_never_signs_in_is_removed_after_its_lifetime_while_signed_in_and_locked_ones_stay()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("contactexpiry");
        await using var server = await ServerHost.StartAsync(database);
        var auth = new AuthService.AuthServiceClient(server.Channel);
        const string never = "+79996690001", signedIn = "+79996690002", locked = "+79996690003";
        await auth.RequestCodeAsync(new RequestCodeRequest { Contact = never });
        await server.SignInAsync(signedIn);
        for (var code = 0; code < 2; code++)
        {
            await auth.RequestCodeAsync(new RequestCodeRequest { Contact = locked });
            var wrong = server.Codes.CodeFor(locked) == "000000" ? "000001" : "000000";
            for (var guess = 0; guess < 5; guess++)
            {
                try
                {
                    await auth.SignInAsync(new SignInRequest { Contact = locked, Code = wrong });
                }
                catch (Grpc.Core.RpcException)
                {
                }
            }
        }

        var keys = server.Services.GetRequiredService<ContactKeys>();
        var sweeper = server.Services.GetRequiredService<UnverifiedContactSweeper>();
        Assert.True(await RowExistsAsync(database, keys.Of(ContactAddress.Phone(never))));

        // Within its lifetime (a day by default) it stays...
        server.Clock.Advance(TimeSpan.FromHours(23));
        await sweeper.SweepAsync(CancellationToken.None);
        Assert.True(await RowExistsAsync(database, keys.Of(ContactAddress.Phone(never))));

        // ...after it, its row is gone; the signed-in contact stays, and so does the locked one (waiting does not reset its escalation).
        server.Clock.Advance(TimeSpan.FromHours(2));
        Assert.True(await sweeper.SweepAsync(CancellationToken.None) >= 1);
        Assert.False(await RowExistsAsync(database, keys.Of(ContactAddress.Phone(never))));
        Assert.True(await RowExistsAsync(database, keys.Of(ContactAddress.Phone(signedIn))));
        Assert.True(await RowExistsAsync(database, keys.Of(ContactAddress.Phone(locked))));

        // The removed address simply starts afresh.
        await auth.RequestCodeAsync(new RequestCodeRequest { Contact = never });
        Assert.NotEmpty((await auth.SignInAsync(new SignInRequest { Contact = never, Code = server.Codes.CodeFor(never) })).Tokens.AccessToken);
    }

    private static async Task<bool> RowExistsAsync(string database, string contactKey)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleans_grain_state WHERE grainidextensionstring = @key", connection);
        command.Parameters.AddWithValue("key", contactKey);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }
}
