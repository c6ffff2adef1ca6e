-- Orchestrator-side steps act on Microsoft tenants, not hosts. Their results get a table of their
-- own: one customer can have several delegated admin relationships with a partner (host_results
-- allows one row per step and host), and rollback and the per-host views read host_results as
-- "hosts", which tenants are not.
CREATE TABLE tenant_results (
  incident_id        VARCHAR(64)   NOT NULL,
  step               VARCHAR(128)  NOT NULL,
  customer_tenant_id VARCHAR(64)   NOT NULL,
  -- '' for a customer without a relationship, or whose relationships could not be listed
  relationship_id    VARCHAR(255)  NOT NULL,
  partner_tenant_id  VARCHAR(128)  NOT NULL,
  action             VARCHAR(64)   NOT NULL,
  -- terminated, termination_pending, already_terminated, deleted, no_relationship, failed
  outcome            VARCHAR(32)   NOT NULL,
  succeeded          BOOLEAN       NOT NULL,
  detail             VARCHAR(4000),
  evidence           CLOB,                      -- JSON object; never a secret or a token
  started_at         TIMESTAMP WITH TIME ZONE,
  finished_at        TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (incident_id, step, customer_tenant_id, relationship_id)
);

-- The partner context an alert carried (also in its payload), for queries by tenant.
ALTER TABLE alerts ADD COLUMN partner_tenant_id VARCHAR(36);
ALTER TABLE alerts ADD COLUMN customer_tenant_ids CLOB;   -- comma-separated, lower-case GUIDs
