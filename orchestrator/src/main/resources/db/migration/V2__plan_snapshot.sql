-- The plan snapshot: the hosts an incident acts on, resolved once, in plan order (partition, then
-- host id). Workflows carry ordinal ranges of it, never host lists, so an incident on 50,000 hosts
-- keeps every Temporal payload small.
CREATE TABLE plan_hosts (
  incident_id    VARCHAR(64)  NOT NULL,
  ordinal        INT          NOT NULL,
  host_id        VARCHAR(255) NOT NULL,
  partition_name VARCHAR(64)  NOT NULL,
  PRIMARY KEY (incident_id, ordinal)
);
CREATE INDEX plan_hosts_host ON plan_hosts (incident_id, host_id);

-- What the incident was asked to do (steps with their inverses, rollout, targets): an explicit
-- rollback after the incident ended needs the steps as they were, not as the playbook is now.
ALTER TABLE incidents ADD COLUMN request_json CLOB;

-- Rollback reads "hosts that succeeded in step S, newest first".
CREATE INDEX host_results_step ON host_results (incident_id, step, outcome);
