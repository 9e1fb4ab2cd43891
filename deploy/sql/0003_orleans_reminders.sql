-- 0003: reminders for Microsoft.Orleans.Reminders.AdoNet 10.4.x (invariant "Npgsql").
-- Requires 0001 (orleansquery, orleans_etag32). Idempotent; no BEGIN/COMMIT (the runner owns the transaction).
--
-- Contract notes (10.4.x provider):
--  * The provider refuses to start unless ALL seven keys below exist in orleansquery.
--  * @ServiceId is ClusterOptions.ServiceId; @GrainId is GrainId.ToString() (type/key, e.g. "chat/0123...").
--  * Rows are read by name: GrainId, ReminderName, StartTime, Period, Version.
--    Period is milliseconds; the provider binds it as Int32 or, above 2^31-1 ms (~24.8 days), as Int64, and
--    reads it back as Int32 or Int64 depending on the column type, so the column is bigint.
--  * Version is read with Convert.ToInt32 and sent back as Int32 on delete; only equality matters, so it is
--    a bigint counter exposed through orleans_etag32 (see 0001).
--  * StartTime arrives as a UTC DateTime (the provider turns Unspecified into UTC; Npgsql rejects Local for
--    timestamptz), stored as timestamptz.

CREATE TABLE IF NOT EXISTS orleans_reminder
(
    serviceid    text        NOT NULL,
    grainid      text        NOT NULL,
    remindername text        NOT NULL,
    starttime    timestamptz NOT NULL,
    period       bigint      NOT NULL,
    grainhash    integer     NOT NULL,   -- GrainId.GetUniformHashCode() as signed int: ring placement
    version      bigint      NOT NULL,
    CONSTRAINT orleans_reminder_pkey PRIMARY KEY (serviceid, grainid, remindername)
);

-- Each silo periodically loads the reminders of its slice of the hash ring.
CREATE INDEX IF NOT EXISTS orleans_reminder_ring_idx ON orleans_reminder (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext) VALUES

('ReadReminderRowsKey', $$
SELECT grainid, remindername, starttime, period, orleans_etag32(version) AS version
FROM orleans_reminder
WHERE serviceid = @ServiceId AND grainid = @GrainId
$$),

('ReadReminderRowKey', $$
SELECT grainid, remindername, starttime, period, orleans_etag32(version) AS version
FROM orleans_reminder
WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName
$$),

-- Ring range (@BeginHash, @EndHash] in SIGNED int order. The provider picks this key when
-- (int)begin < (int)end (a range that does not wrap) ...
('ReadRangeRows1Key', $$
SELECT grainid, remindername, starttime, period, orleans_etag32(version) AS version
FROM orleans_reminder
WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash
$$),

-- ... and this one otherwise (the range wraps past int.MaxValue; begin = end means the whole ring).
('ReadRangeRows2Key', $$
SELECT grainid, remindername, starttime, period, orleans_etag32(version) AS version
FROM orleans_reminder
WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash)
$$),

-- Register or re-register: one atomic upsert on the natural key; every write yields a new version (ETag).
('UpsertReminderRowKey', $$
INSERT INTO orleans_reminder AS r (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1)
ON CONFLICT ON CONSTRAINT orleans_reminder_pkey DO UPDATE
    SET starttime = EXCLUDED.starttime,
        period    = EXCLUDED.period,
        grainhash = EXCLUDED.grainhash,
        version   = r.version + 1
RETURNING orleans_etag32(r.version) AS version
$$),

-- Delete only the version the caller holds; one boolean column: true = deleted, false = ETag mismatch/gone.
('DeleteReminderRowKey', $$
WITH deleted AS (
    DELETE FROM orleans_reminder
    WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName
      AND orleans_etag32(version) = @Version
    RETURNING 1
)
SELECT count(*) > 0 AS deleted FROM deleted
$$),

('DeleteReminderRowsKey', $$
DELETE FROM orleans_reminder WHERE serviceid = @ServiceId
$$)

ON CONFLICT (querykey) DO UPDATE
    SET querytext = EXCLUDED.querytext
    WHERE orleansquery.querytext IS DISTINCT FROM EXCLUDED.querytext;
