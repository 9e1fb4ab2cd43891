namespace DistrictSferum.Contracts;

/// <summary>Rule IDs of RULES.md, named once so a refusal and its test cite the same text.</summary>
public static class Rules
{
    public const string Org1 = "ORG-1";
    public const string Org2 = "ORG-2";
    public const string Dis1 = "DIS-1";
    public const string Chat5 = "CHAT-5";
}
