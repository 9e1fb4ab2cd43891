using System.Reflection;
using DistrictSferum.Server;
using DistrictSferum.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DistrictSferum.Tests.Operations;

/// <summary>Issue 10 item 5: one composition root whose options are checked before anything starts.</summary>
public sealed class CompositionRootTests
{
    [Theory]
    [InlineData("Chats:MaxMessageLength", "0")]
    [InlineData("Identity:SignIn:CodeLifetime", "00:00:00")]
    [InlineData("Statistics:K", "2")]
    [InlineData("Gateway:Streams:HeartbeatInterval", "-00:00:01")]
    [InlineData("Server:KeepAlivePingDelay", "00:00:00")]
    public async Task A_bad_setting_stops_start_up_with_a_message_naming_it(string setting, string value)
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("badsetting");

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(
            () => ServerHost.StartAsync(database, settings: new Dictionary<string, string?> { [setting] = value }).WaitAsync(TimeSpan.FromMinutes(2)));

        Assert.Contains(setting, refused.Message);
    }

    [Fact]
    public async Task Every_options_class_of_the_server_is_validated_at_start()
    {
        await using var app = await SferumServer.BuildAsync([], builder =>
        {
            builder.Environment.EnvironmentName = Environments.Development;
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Sferum"] = "Host=127.0.0.1;Port=1;Database=none",
                ["Identity:Delivery:Mode"] = "Development",
            });
        });

        // Every class with a configuration section (a public const Section) in the server's assemblies.
        var optionsClasses = new[] { typeof(SferumServer), typeof(DistrictSferum.Grains.GrainServices), typeof(DistrictSferum.Gateway.GatewayExtensions) }
            .SelectMany(t => t.Assembly.GetTypes())
            .Where(t => t.IsClass && t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true })
            .ToList();
        Assert.True(optionsClasses.Count >= 15, $"found only {optionsClasses.Count} options classes");
        var unvalidated = optionsClasses
            .Where(t => !app.Services.GetServices(typeof(IValidateOptions<>).MakeGenericType(t)).Any())
            .Select(t => t.Name)
            .ToList();
        Assert.Empty(unvalidated);
    }
}
