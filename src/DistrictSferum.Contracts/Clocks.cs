namespace DistrictSferum.Contracts;

/// <summary>
/// The clock the rules read (code and token expiry, blocks, invites, edit windows), registered as a keyed
/// <see cref="TimeProvider"/>. It is kept apart from the unkeyed one Orleans runs its own timers on, so a test
/// can stop or jump the rules' time without stopping the silo's stream agents and membership timers.
/// </summary>
public static class Clocks
{
    public const string Domain = "domain";
}
