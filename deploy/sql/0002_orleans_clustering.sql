-- 0002: cluster membership for Microsoft.Orleans.Clustering.AdoNet 10.4.x (invariant "Npgsql").
-- Requires 0001 (orleansquery). Idempotent like 0001; no BEGIN/COMMIT (the runner owns the transaction).
--
-- Contract notes (10.4.x provider):
--  * @DeploymentId is ClusterOptions.ClusterId.
--  * The provider refuses to start unless ALL nine keys below exist in orleansquery.
--  * Timestamps arrive as UTC DateTime with DbType.DateTime, which Npgsql 6+ sends as timestamptz; columns
--    are timestamptz so no session-time-zone conversion ever happens (a `timestamp` column would silently
--    shift values by the server's TimeZone).
--  * Table version: read with Convert.ToInt32 and sent back as Int32; Orleans compares versions by order, so
--    it must grow monotonically (no wrap-around like grain-state ETags). Stored as bigint, but the CHECK turns
--    an (unreachable in practice) overflow into a clear error instead of a client-side cast failure.
--  * Insert/update return one row with one column, read as Convert.ToBoolean: true = applied, false = lost the
--    optimistic-concurrency race (the silo re-reads and retries).

-- One row per cluster; its version is the optimistic-concurrency token for the whole membership table.
CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deploymentid text        NOT NULL,
    lastchange   timestamptz NOT NULL DEFAULT now(),
    version      bigint      NOT NULL DEFAULT 0,
    CONSTRAINT orleans_membership_version_pkey PRIMARY KEY (deploymentid),
    CONSTRAINT orleans_membership_version_int32 CHECK (version BETWEEN 0 AND 2147483647)
);

-- One row per silo incarnation (address, port, generation). ProxyPort is NOT NULL (0 = no gateway) because
-- the provider reads it with Convert.ToInt32, which throws on NULL.
CREATE TABLE IF NOT EXISTS orleans_membership
(
    deploymentid text        NOT NULL,
    address      text        NOT NULL,
    port         integer     NOT NULL,
    generation   integer     NOT NULL,
    siloname     text        NOT NULL,
    hostname     text        NOT NULL,
    status       integer     NOT NULL,
    proxyport    integer     NOT NULL DEFAULT 0,
    suspecttimes text        NULL,
    starttime    timestamptz NOT NULL,
    iamalivetime timestamptz NOT NULL,
    CONSTRAINT orleans_membership_pkey PRIMARY KEY (deploymentid, address, port, generation),
    CONSTRAINT orleans_membership_version_fk FOREIGN KEY (deploymentid)
        REFERENCES orleans_membership_version (deploymentid) ON DELETE CASCADE
);

INSERT INTO orleansquery (querykey, querytext) VALUES

-- Run by each silo at start-up; true only for the silo that created the cluster's version row.
('InsertMembershipVersionKey', $$
WITH created AS (
    INSERT INTO orleans_membership_version (deploymentid) VALUES (@DeploymentId)
    ON CONFLICT ON CONSTRAINT orleans_membership_version_pkey DO NOTHING
    RETURNING 1
)
SELECT count(*) > 0 AS created FROM created
$$),

-- Both reads return the version row even when there are no members (LEFT JOIN): the provider always takes
-- the version from the first row, and treats a row with NULL StartTime as "no member".
-- Members and version come from one statement, hence one consistent snapshot.
('MembershipReadAllKey', $$
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime, v.version
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deploymentid = v.deploymentid
WHERE v.deploymentid = @DeploymentId
$$),

('MembershipReadRowKey', $$
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime, v.version
FROM orleans_membership_version v
LEFT JOIN orleans_membership m
       ON m.deploymentid = v.deploymentid
      AND m.address = @Address
      AND m.port = @Port
      AND m.generation = @Generation
WHERE v.deploymentid = @DeploymentId
$$),

-- Bump the table version only if the caller saw the latest version (@Version) AND the silo row is new; the
-- row is inserted only through a successful bump. Every membership writer must take the version row's lock,
-- so concurrent writers are serialised and the loser re-checks the version after waiting and gets false.
('InsertMembershipKey', $$
WITH bumped AS (
    UPDATE orleans_membership_version v
    SET version = v.version + 1, lastchange = now()
    WHERE v.deploymentid = @DeploymentId
      AND v.version = @Version
      AND NOT EXISTS (SELECT 1 FROM orleans_membership m
                      WHERE m.deploymentid = @DeploymentId AND m.address = @Address
                        AND m.port = @Port AND m.generation = @Generation)
    RETURNING v.deploymentid
), inserted AS (
    INSERT INTO orleans_membership
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    SELECT b.deploymentid, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
           @StartTime, @IAmAliveTime
    FROM bumped b
    ON CONFLICT ON CONSTRAINT orleans_membership_pkey DO NOTHING
    RETURNING 1
)
SELECT count(*) > 0 AS applied FROM inserted
$$),

-- Same pattern: the row changes only together with a successful version bump.
('UpdateMembershipKey', $$
WITH bumped AS (
    UPDATE orleans_membership_version v
    SET version = v.version + 1, lastchange = now()
    WHERE v.deploymentid = @DeploymentId
      AND v.version = @Version
      AND EXISTS (SELECT 1 FROM orleans_membership m
                  WHERE m.deploymentid = @DeploymentId AND m.address = @Address
                    AND m.port = @Port AND m.generation = @Generation)
    RETURNING v.deploymentid
), updated AS (
    UPDATE orleans_membership m
    SET status = @Status, suspecttimes = @SuspectTimes, iamalivetime = @IAmAliveTime
    FROM bumped b
    WHERE m.deploymentid = b.deploymentid
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING 1
)
SELECT count(*) > 0 AS applied FROM updated
$$),

-- Heartbeat: deliberately outside the versioning (it would make every write conflict); result is ignored.
('UpdateIAmAlivetimeKey', $$
UPDATE orleans_membership
SET iamalivetime = @IAmAliveTime
WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$$),

-- Used by clients' gateway list provider (@Status = 3, Active). ProxyPort 0 = gateway disabled.
('GatewaysQueryKey', $$
SELECT address, proxyport, generation
FROM orleans_membership
WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0
$$),

-- Removes the whole cluster (tests/tooling); members go with the version row via ON DELETE CASCADE.
('DeleteMembershipTableEntriesKey', $$
DELETE FROM orleans_membership_version WHERE deploymentid = @DeploymentId
$$),

-- Periodic clean-up (ClusterMembershipOptions.DefunctSiloCleanupPeriod / DefunctSiloExpiration); @IAmAliveTime
-- is the cut-off. Only rows that stopped heart-beating before it AND are not Active (3) go: a silo still
-- listed Active is never removed behind the membership protocol's back. The version row is never touched.
-- (10.4.x also honours an optional per-row 'CleanupDefunctSiloEntryKey'; it is intentionally not defined,
-- which keeps this single set-based DELETE in use.)
('CleanupDefunctSiloEntriesKey', $$
DELETE FROM orleans_membership
WHERE deploymentid = @DeploymentId AND iamalivetime < @IAmAliveTime AND status <> 3
$$)

ON CONFLICT (querykey) DO UPDATE
    SET querytext = EXCLUDED.querytext
    WHERE orleansquery.querytext IS DISTINCT FROM EXCLUDED.querytext;
