-- A school's history of movements (ORG-10): who joined, moved, left. Append-only and unbounded, so it lives here
-- rather than in the school grain's state. movement_id makes a retried append (outbox flush) a no-op.
CREATE TABLE IF NOT EXISTS school_movements
(
    seq           bigint GENERATED ALWAYS AS IDENTITY,
    movement_id   text        NOT NULL,
    school_id     text        NOT NULL,
    kind          smallint    NOT NULL,
    user_id       text        NOT NULL,
    from_class_id text        NULL,
    to_class_id   text        NULL,
    actor_id      text        NOT NULL,
    at            timestamptz NOT NULL,
    parent_ids    text[]      NOT NULL DEFAULT '{}',
    CONSTRAINT school_movements_pkey PRIMARY KEY (seq),
    CONSTRAINT school_movements_movement_id_key UNIQUE (movement_id)
);

CREATE INDEX IF NOT EXISTS school_movements_school_seq ON school_movements (school_id, seq DESC);
