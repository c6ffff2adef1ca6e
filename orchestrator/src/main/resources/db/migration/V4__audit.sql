-- The audit trail: append-only and hash-chained (io.firebreak.orchestrator.audit). Each row's hash
-- covers its own fields and the previous row's hash, so changing, deleting or reordering a row
-- breaks the chain; signed checkpoints of the head detect a rewrite of the whole chain.
-- seq is the primary key: a second process appending concurrently fails on the duplicate seq
-- instead of forking the chain.
CREATE TABLE audit_events (
  seq            BIGINT        PRIMARY KEY,    -- 1, 2, 3... without gaps
  at             TIMESTAMP WITH TIME ZONE NOT NULL,  -- millisecond precision, as hashed
  actor          VARCHAR(255)  NOT NULL,       -- user, token name, "alert:<id>", "system"
  action         VARCHAR(64)   NOT NULL,       -- AuditActions constant; new actions need no migration
  subject        VARCHAR(1000) NOT NULL,       -- incident id, user, token id, host...
  partition_name VARCHAR(64),                  -- null: not partition-specific
  details        CLOB          NOT NULL,       -- canonical JSON object (sorted keys, no whitespace)
  prev_hash      CHAR(64)      NOT NULL,       -- hash of seq - 1; 64 zeros for seq 1
  hash           CHAR(64)      NOT NULL        -- SHA-256 hex of this row's canonical encoding
);
CREATE INDEX audit_events_subject ON audit_events (subject, seq);
CREATE INDEX audit_events_actor ON audit_events (actor, seq);

-- Signed heads of the chain: (seq, hash) signed with the orchestrator's Ed25519 audit key.
CREATE TABLE audit_checkpoints (
  seq            BIGINT        PRIMARY KEY,    -- the head's seq when signed
  hash           CHAR(64)      NOT NULL,       -- the head's hash when signed
  signature      VARCHAR(128)  NOT NULL,       -- base64 Ed25519 signature
  key_id         VARCHAR(64)   NOT NULL,
  at             TIMESTAMP WITH TIME ZONE NOT NULL
);
