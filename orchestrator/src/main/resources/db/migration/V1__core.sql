-- Firebreak core schema: agent registry, alerts, incident index, per-host results, API tokens.

CREATE TABLE agents (
  host_id        VARCHAR(255) PRIMARY KEY,
  partition_name VARCHAR(64)  NOT NULL,
  labels         VARCHAR(8000) NOT NULL,      -- JSON object
  capabilities   VARCHAR(4000) NOT NULL,      -- comma-separated action types
  agent_version  VARCHAR(64)  NOT NULL,
  simulated      BOOLEAN      NOT NULL,
  gateway_id     VARCHAR(64),                 -- null while disconnected
  connected      BOOLEAN      NOT NULL,
  first_seen_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  last_seen_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX agents_partition ON agents (partition_name);

CREATE TABLE alerts (
  alert_id       VARCHAR(64)  PRIMARY KEY,
  received_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  type           VARCHAR(128) NOT NULL,
  severity       VARCHAR(16)  NOT NULL,
  source         VARCHAR(128) NOT NULL,
  host_id        VARCHAR(255),
  partition_name VARCHAR(64),
  title          VARCHAR(1000),
  payload        CLOB         NOT NULL,       -- the alert as received (JSON)
  incident_ids   VARCHAR(4000)                -- comma-separated, filled once triggers ran
);

-- The incident an incident key currently maps to: decides "joined" for repeated alerts.
CREATE TABLE incident_keys (
  incident_key   VARCHAR(600) PRIMARY KEY,
  workflow_id    VARCHAR(700) NOT NULL,
  run_id         VARCHAR(64)  NOT NULL,
  incident_id    VARCHAR(64)  NOT NULL,
  updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE incidents (
  incident_id    VARCHAR(64)  PRIMARY KEY,
  incident_key   VARCHAR(600) NOT NULL,
  workflow_id    VARCHAR(700) NOT NULL,
  run_id         VARCHAR(64)  NOT NULL,
  playbook       VARCHAR(128) NOT NULL,
  mode           VARCHAR(16)  NOT NULL,
  state          VARCHAR(32)  NOT NULL,
  requested_by   VARCHAR(255) NOT NULL,
  justification  VARCHAR(4000),
  alert_id       VARCHAR(64),
  target_count   INT          NOT NULL DEFAULT 0,
  alert_count    INT          NOT NULL DEFAULT 1,
  status_json    CLOB,                         -- the workflow's last recorded IncidentStatus
  error          VARCHAR(4000),
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX incidents_state ON incidents (state);
CREATE INDEX incidents_created ON incidents (created_at);

CREATE TABLE host_results (
  incident_id    VARCHAR(64)  NOT NULL,
  step           VARCHAR(128) NOT NULL,
  host_id        VARCHAR(255) NOT NULL,
  partition_name VARCHAR(64)  NOT NULL,
  action         VARCHAR(64)  NOT NULL,
  command_id     VARCHAR(1200) NOT NULL,
  outcome        VARCHAR(16)  NOT NULL,
  detail         VARCHAR(4000),
  duplicate      BOOLEAN      NOT NULL,
  evidence       CLOB,                         -- JSON object
  started_at     TIMESTAMP WITH TIME ZONE,
  finished_at    TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (incident_id, step, host_id)
);

CREATE TABLE api_tokens (
  token_id       VARCHAR(32)  PRIMARY KEY,
  name           VARCHAR(255) NOT NULL,
  token_hash     VARCHAR(64)  NOT NULL UNIQUE,   -- SHA-256 hex of the secret part
  role           VARCHAR(32)  NOT NULL,
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at     TIMESTAMP WITH TIME ZONE,
  revoked_at     TIMESTAMP WITH TIME ZONE,
  last_used_at   TIMESTAMP WITH TIME ZONE
);

-- Every alert folded into an incident (the opening one and the repeats that joined it).
CREATE TABLE incident_alerts (
  incident_id    VARCHAR(64)  NOT NULL,
  alert_id       VARCHAR(64)  NOT NULL,
  received_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (incident_id, alert_id)
);

-- Status writes from the workflow may land out of order; the newest version wins.
ALTER TABLE incidents ADD COLUMN status_version BIGINT NOT NULL DEFAULT 0;
