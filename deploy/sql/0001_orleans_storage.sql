-- 0001: Orleans query catalogue + grain state for Microsoft.Orleans.Persistence.AdoNet 10.4.x (invariant "Npgsql").
--
-- Safe to run any number of times: tables/indexes use IF NOT EXISTS, functions CREATE OR REPLACE, and
-- query texts are upserted (rewritten only when the text actually differs). No BEGIN/COMMIT here on
-- purpose: the migration runner (or `psql --single-transaction`) owns the transaction.
-- Only the anonymous `$$` dollar quote is used: DbUp substitutes `$name$` as a script variable, so a
-- tagged quote like `$q$` breaks under DbUp's defaults.
--
-- Naming: lower-case, unquoted identifiers. The providers load their SQL with the literal unquoted statement
-- `SELECT QueryKey, QueryText FROM OrleansQuery`, which PostgreSQL folds to orleansquery/querykey/querytext,
-- so that table MUST be lower-case. Every result column the providers read is looked up by name through
-- IDataRecord.GetOrdinal, which in Npgsql falls back to a case-insensitive match, so lower-case result
-- columns (e.g. `version`) satisfy reads of "Version"; a few reads are by ordinal (noted where so).

-- The providers read every query text from here at start-up; a changed text needs a silo restart.
CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,
    CONSTRAINT orleansquery_pkey PRIMARY KEY (querykey)
);

-- The providers keep ETags as Int32 (they int.Parse the ETag, bind it as DbType.Int32 and read versions with
-- Convert.ToInt32), so a stored bigint above 2^31-1 would fail on read. Versions are therefore stored as
-- bigint counters that never overflow, and what the providers see (and send back) is this projection into
-- 1..2147483647. It is only ever compared for equality, and consecutive versions always project to
-- different values, so optimistic concurrency is unaffected. Used by 0001 and 0003.
-- (Membership does NOT use it: Orleans orders membership table versions, so 0002 keeps a plain range check.)
CREATE OR REPLACE FUNCTION orleans_etag32(v bigint)
    RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT ((v - 1) % 2147483647 + 1)::integer $$;

-- Grain state. Upstream keys rows by non-unique hashes and inserts with WHERE NOT EXISTS, so two racing
-- first writes can both insert and leave duplicate rows. Here the natural identity is the PRIMARY KEY:
-- the losing first write hits ON CONFLICT DO NOTHING, returns no row, and the provider raises
-- InconsistentStateException. The extension is NOT NULL ('' = none) because a nullable column cannot be
-- part of a primary key and NULLs would never conflict.
--
-- What the provider sends as identity (10.4.x): @ServiceId (ClusterOptions.ServiceId), @GrainTypeString
-- (the *state name* from [PersistentState("name")], not the grain class), @GrainIdN0/@GrainIdN1 (Guid halves,
-- or 0/<long key>), @GrainIdExtensionString (key extension, or the whole key of string-keyed grains).
-- The grain TYPE is not sent: grains of different types with the same key and the same state name share a
-- row, so state names must be unique per grain type. The provider name is not sent either.
-- @GrainIdHash/@GrainTypeHash are bound too but not needed with a real key, so they are not stored.
CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    serviceid              text        NOT NULL,
    graintypestring        text        NOT NULL,
    grainidn0              bigint      NOT NULL,
    grainidn1              bigint      NOT NULL,
    grainidextensionstring text        NOT NULL DEFAULT '',
    payloadbinary          bytea       NULL,      -- NULL = cleared (row kept so the version keeps counting)
    version                bigint      NOT NULL,
    modifiedon             timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orleans_grain_state_pkey
        PRIMARY KEY (serviceid, graintypestring, grainidn1, grainidn0, grainidextensionstring),
    CONSTRAINT orleans_grain_state_version_positive CHECK (version > 0)
);

-- Query texts. Write/Read/Clear are required at start-up; Delete only when DeleteStateOnClear = true.
-- The provider reads: ReadFromStorageKey -> columns PayloadBinary, Version (by name);
-- WriteToStorageKey -> column NewGrainStateVersion (by name, at most one row);
-- ClearStorageKey / DeleteStorageKey -> first column (by ordinal, at most one row).
-- No row (NULL) where the caller had an ETag, or the same value as the caller's ETag, means "version
-- conflict" -> InconsistentStateException.
INSERT INTO orleansquery (querykey, querytext) VALUES

-- 0 or 1 row; no row = never written.
('ReadFromStorageKey', $$
SELECT s.payloadbinary, orleans_etag32(s.version) AS version
FROM orleans_grain_state s
WHERE s.serviceid = @ServiceId
  AND s.graintypestring = @GrainTypeString
  AND s.grainidn1 = @GrainIdN1
  AND s.grainidn0 = @GrainIdN0
  AND s.grainidextensionstring = coalesce(@GrainIdExtensionString, '')
$$),

-- One statement, two mutually exclusive paths chosen by whether the grain holds an ETag:
--  * ETag known: compare-and-swap on the version; a stale ETag matches nothing -> no row -> conflict.
--  * no ETag (first write): insert version 1; if the row already exists (concurrent or earlier first
--    write) the primary key makes it DO NOTHING -> no row -> conflict. Never two rows.
('WriteToStorageKey', $$
WITH updated AS (
    UPDATE orleans_grain_state s
    SET payloadbinary = @PayloadBinary,
        version       = s.version + 1,
        modifiedon    = now()
    WHERE @GrainStateVersion IS NOT NULL
      AND s.serviceid = @ServiceId
      AND s.graintypestring = @GrainTypeString
      AND s.grainidn1 = @GrainIdN1
      AND s.grainidn0 = @GrainIdN0
      AND s.grainidextensionstring = coalesce(@GrainIdExtensionString, '')
      AND orleans_etag32(s.version) = @GrainStateVersion
    RETURNING s.version
), inserted AS (
    INSERT INTO orleans_grain_state
        (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring, payloadbinary, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, coalesce(@GrainIdExtensionString, ''),
           @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT ON CONSTRAINT orleans_grain_state_pkey DO NOTHING
    RETURNING version
)
SELECT orleans_etag32(version) AS newgrainstateversion FROM updated
UNION ALL
SELECT orleans_etag32(version) FROM inserted
$$),

-- Clear keeps the row (payload NULL) and bumps the version, so a stale writer still conflicts afterwards.
('ClearStorageKey', $$
UPDATE orleans_grain_state s
SET payloadbinary = NULL,
    version       = s.version + 1,
    modifiedon    = now()
WHERE s.serviceid = @ServiceId
  AND s.graintypestring = @GrainTypeString
  AND s.grainidn1 = @GrainIdN1
  AND s.grainidn0 = @GrainIdN0
  AND s.grainidextensionstring = coalesce(@GrainIdExtensionString, '')
  AND orleans_etag32(s.version) = @GrainStateVersion
RETURNING orleans_etag32(s.version) AS newgrainstateversion
$$),

-- Only used with AdoNetGrainStorageOptions.DeleteStateOnClear = true. Removes the row; returns a value that
-- differs from the caller's ETag (the provider then drops the ETag). After a delete the version restarts
-- at 1, so only a still-active stale activation could slip through: prefer the default (clear, keep row).
('DeleteStorageKey', $$
DELETE FROM orleans_grain_state s
WHERE s.serviceid = @ServiceId
  AND s.graintypestring = @GrainTypeString
  AND s.grainidn1 = @GrainIdN1
  AND s.grainidn0 = @GrainIdN0
  AND s.grainidextensionstring = coalesce(@GrainIdExtensionString, '')
  AND orleans_etag32(s.version) = @GrainStateVersion
RETURNING orleans_etag32(s.version + 1) AS newgrainstateversion
$$)

ON CONFLICT (querykey) DO UPDATE
    SET querytext = EXCLUDED.querytext
    WHERE orleansquery.querytext IS DISTINCT FROM EXCLUDED.querytext;
