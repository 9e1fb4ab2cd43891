using System.Collections;
using System.Reflection;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Gateway.Services;
using Proto = DistrictSferum.Protos.V1;

namespace DistrictSferum.Tests.Api;

/// <summary>Wire enums and domain enums meet only through the explicit tables of <see cref="WireEnums"/>.</summary>
public sealed class WireEnumTests
{
    public static TheoryData<string> Tables() =>
        new(typeof(WireEnums).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name));

    [Theory]
    [MemberData(nameof(Tables))]
    public void Each_table_maps_every_value_both_ways_and_leaves_only_unspecified_out(string table)
    {
        var map = typeof(WireEnums).GetField(table)!.GetValue(null)!;
        var types = map.GetType().GetGenericArguments();
        var wire = ((IEnumerable)map.GetType().GetProperty("WireValues")!.GetValue(map)!).Cast<Enum>().ToList();
        var domain = ((IEnumerable)map.GetType().GetProperty("DomainValues")!.GetValue(map)!).Cast<Enum>().ToList();

        var wireNames = Enum.GetValues(types[0]).Cast<Enum>().Where(v => Convert.ToInt32(v) != 0).ToList();
        Assert.Equal(wireNames.Order(), wire.Order());
        // Every domain value crosses the wire (a flags enum's "none" is no value).
        var domainValues = Enum.GetValues(types[1]).Cast<Enum>().Where(v => !(types[1].IsDefined(typeof(FlagsAttribute)) && Convert.ToInt32(v) == 0)).ToList();
        Assert.Equal(domainValues.Order(), domain.Order());
        Assert.Equal(wire.Count, domain.Count);
    }

    [Fact]
    public void Wire_numbers_and_stored_numbers_are_independent()
    {
        // The wire gained CHAT_EVENT_KIND_UNSPECIFIED = 0; chat_events.kind keeps the domain's 0 for a posted message.
        Assert.Equal(Proto.ChatEventKind.Posted, WireEnums.ChatEventKinds.ToWire(ChatEventKind.Posted));
        Assert.Equal(0, (int)ChatEventKind.Posted);
        Assert.Equal(1, (int)Proto.ChatEventKind.Posted);
        Assert.Equal(ChatKind.ClassStudents, WireEnums.ChatKinds.ToDomain(Proto.ChatKind.ClassStudents, "kind"));
    }

    [Fact]
    public void An_unspecified_required_enum_names_its_field()
    {
        var e = Assert.Throws<DomainException>(() => WireEnums.JoinRoles.ToDomain(Proto.JoinRole.Unspecified, "role"));

        Assert.Equal((ErrorKind.InvalidArgument, CommonErrors.FieldRequired), (e.Kind, e.Code));
        Assert.Equal("role", Assert.Single(e.FieldViolations).Field);
        Assert.Contains("JOIN_ROLE_TEACHER", e.Message);
        Assert.Null(WireEnums.SchoolRoles.ToOptionalDomain(Proto.SchoolRole.Unspecified, "role"));
    }
}
