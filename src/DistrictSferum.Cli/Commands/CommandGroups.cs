namespace DistrictSferum.Cli.Commands;

/// <summary>
/// The order of <c>sferumctl --help</c> and what each command group is for. A command registers itself with
/// <see cref="Infrastructure.CliCommandAttribute"/>; a new group needs a line here.
/// </summary>
internal static class CommandGroups
{
    /// <summary>First words of command paths, in help order; a group (a word with commands under it) has a description.</summary>
    public static readonly IReadOnlyList<(string Name, string? Description)> Order =
    [
        ("login", null),
        ("logout", null),
        ("whoami", null),
        ("session", "Sign-in sessions: list them, end one or all (your own; administrators: a member's; operators: anyone's)"),
        ("profile", "Your own profile: the name others see"),
        ("use", null),
        ("context", "Named servers (contexts): add one, switch between them, list them"),
        ("school", "Register, list, show and edit schools; operators: search, detail, suspend, resume, recover, announce"),
        ("class", "Create, list, rename and archive a school's classes; attach class teachers"),
        ("invite", "Create, list and revoke invite links; follow one to ask to join a class"),
        ("request", "Review join requests: list, accept, reject (administrators; ORG-8)"),
        ("member", "List and show a school's members; verify teachers, appoint administrators, mark the director"),
        ("year", "The new school year: preview, then apply the move up a grade and the final grade's graduation (administrators)"),
        ("move", "Move students between classes, record who left, and show the school's history (administrators; ORG-10)"),
        ("chat", "Create chats, join them under their rules, send messages, read the history and follow chats live"),
        ("dm", "Personal conversations: write to a member (a request they accept or decline), accept, decline, block (CHAT-10)"),
        ("file", "Files in chats: upload one to a school, download one you may see, resume an interrupted download (CHAT-8)"),
        ("poll", "Polls in chats: open one, vote, change or take back your vote, show the counts, close it (CHAT-8)"),
        ("mod", "Moderate a chat under its rules: reminders, violations, blocks, apologies, objections and reports (ETH-2, ETH-5 to ETH-8)"),
        ("meeting", "Calls, online lessons, parent meetings, councils and work meetings: plan, show, list, join, reschedule, cancel; attendance; calendar feed (CHAT-9, ORG-17)"),
        ("broadcast", "The school's broadcasts (трансляции): plan, start, end (administrators; ORG-13)"),
        ("audit", "The school's moderation audit log: query it, verify its hash chain, follow it live (director and administrators; ORG-16)"),
        ("admin-audit", "The admin audit of administrative actions (a school's or the district's): list it, verify its hash chain"),
        ("stats", "Usage statistics: a school's or the district's summary, queries by bucket and breakdown, live buckets (ORG-14, DIS-4)"),
        ("analyst", "Grant, list and revoke the district's analysts, who read k-anonymous statistics (operators; DIS-4)"),
        ("service-account", "Create, list and revoke statistics accounts for pipelines (operators; DIS-4)"),
        ("community", "District communities (DIS-2): create them (operators), join by link or request, moderate requests, open chats and channels"),
        ("support", "The support desk (REG-5): open tickets to your school, answer and escalate them (administrators), the district's queue and suggestions (operators)"),
        ("operator", "Manage district operators: add, list, remove (never the last)"),
        ("db", "Database administration (talks to PostgreSQL directly, not to the server)"),
        ("health", null),
        ("completion", null),
    ];
}
