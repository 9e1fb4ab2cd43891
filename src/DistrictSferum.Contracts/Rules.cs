namespace DistrictSferum.Contracts;

/// <summary>Rule IDs of RULES.md, named once so a refusal and its test cite the same text.</summary>
public static class Rules
{
    public const string Org1 = "ORG-1";
    public const string Org2 = "ORG-2";
    public const string Org3 = "ORG-3";
    public const string Org4 = "ORG-4";
    public const string Org5 = "ORG-5";
    public const string Org6 = "ORG-6";
    public const string Org7 = "ORG-7";
    public const string Org8 = "ORG-8";
    public const string Org9 = "ORG-9";
    public const string Org10 = "ORG-10";
    public const string Org11 = "ORG-11";
    public const string Org12 = "ORG-12";
    public const string Org13 = "ORG-13";
    public const string Org14 = "ORG-14";
    public const string Org15 = "ORG-15";
    public const string Org16 = "ORG-16";
    public const string Org17 = "ORG-17";
    public const string Chat1 = "CHAT-1";
    public const string Chat2 = "CHAT-2";
    public const string Chat3 = "CHAT-3";
    public const string Chat4 = "CHAT-4";
    public const string Chat6 = "CHAT-6";
    public const string Chat7 = "CHAT-7";
    public const string Chat8 = "CHAT-8";
    public const string Chat9 = "CHAT-9";
    public const string Chat10 = "CHAT-10";
    public const string Eth1 = "ETH-1";
    public const string Eth2 = "ETH-2";
    public const string Eth3 = "ETH-3";
    public const string Eth4 = "ETH-4";
    public const string Eth5 = "ETH-5";
    public const string Eth6 = "ETH-6";
    public const string Eth7 = "ETH-7";
    public const string Eth8 = "ETH-8";
    public const string Reg2 = "REG-2";
    public const string Reg3 = "REG-3";
    public const string Reg4 = "REG-4";
    public const string Dis1 = "DIS-1";
    public const string Dis2 = "DIS-2";
    public const string Dis4 = "DIS-4";
    public const string Reg5 = "REG-5";
    public const string Chat5 = "CHAT-5";
    public const string Eth9 = "ETH-9";
}
