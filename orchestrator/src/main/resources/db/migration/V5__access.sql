-- Zero standing access: people, their sessions, approval requests and the grants they mint.

CREATE TABLE users (
  username       VARCHAR(64)   PRIMARY KEY,
  password_hash  VARCHAR(512)  NOT NULL,     -- PHC string, Argon2id
  roles          VARCHAR(255)  NOT NULL,     -- comma-separated role names
  partitions     VARCHAR(4000) NOT NULL,     -- comma-separated; '*' = every partition
  tier           INT           NOT NULL DEFAULT 1, -- escalation tier an approver belongs to
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  disabled_at    TIMESTAMP WITH TIME ZONE,
  failed_logins  INT           NOT NULL DEFAULT 0,
  locked_until   TIMESTAMP WITH TIME ZONE
);

-- Tokens may belong to a person and be limited to partitions.
ALTER TABLE api_tokens ADD COLUMN owner VARCHAR(64);
ALTER TABLE api_tokens ADD COLUMN partitions VARCHAR(4000) NOT NULL DEFAULT '*';

CREATE TABLE sessions (
  session_hash   VARCHAR(64)   PRIMARY KEY,  -- SHA-256 hex of the cookie value
  username       VARCHAR(64)   NOT NULL,
  csrf_token     VARCHAR(64)   NOT NULL,
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  last_seen_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX sessions_user ON sessions (username);

-- The partitions an incident's plan touches (data-level authorization of reads).
ALTER TABLE incidents ADD COLUMN partitions VARCHAR(4000);

CREATE TABLE approvals (
  approval_id    VARCHAR(64)   PRIMARY KEY,
  incident_id    VARCHAR(64)   NOT NULL,
  playbook       VARCHAR(128)  NOT NULL,
  state          VARCHAR(16)   NOT NULL,     -- pending, approved, denied, expired
  requested_by   VARCHAR(255)  NOT NULL,
  justification  VARCHAR(4000),
  ticket         VARCHAR(255),
  plan_digest    VARCHAR(80)   NOT NULL,
  plan_json      CLOB          NOT NULL,     -- what will happen, as shown to approvers
  partitions     VARCHAR(4000) NOT NULL,     -- JSON object partition -> host count
  host_count     INT           NOT NULL,
  irreversible   BOOLEAN       NOT NULL,
  required       INT           NOT NULL,
  reasons        VARCHAR(4000) NOT NULL,     -- why approval is needed (policy)
  tier           INT           NOT NULL,
  tiers          INT           NOT NULL,
  decisions_json CLOB          NOT NULL,     -- [{by, approve, reason, at}]
  decided_reason VARCHAR(4000),
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX approvals_state ON approvals (state);
CREATE INDEX approvals_incident ON approvals (incident_id);

CREATE TABLE grants (
  grant_id       VARCHAR(64)   PRIMARY KEY,
  incident_id    VARCHAR(64)   NOT NULL,
  approval_id    VARCHAR(64),                -- null when the policy made it autonomous
  partitions     VARCHAR(4000) NOT NULL,     -- comma-separated
  actions        VARCHAR(4000) NOT NULL,     -- comma-separated
  host_count     INT           NOT NULL,
  minted_by      VARCHAR(4000) NOT NULL,     -- approvers, or 'policy'
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  not_after      TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked_at     TIMESTAMP WITH TIME ZONE,
  revoked_by     VARCHAR(255),
  revoke_reason  VARCHAR(4000)
);
CREATE INDEX grants_incident ON grants (incident_id);
