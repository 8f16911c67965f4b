-- Changes to a contract in delivery (项目变更): moving money between budget lines, replacing
-- the project lead, extending the term. The implementer requests; the buyer approves or
-- refuses with reasons. Each applied change is a numbered revision of the contract whose
-- before and after are kept, so the contract's history can be shown as it was.
CREATE TABLE project_changes (
  district_id     TEXT NOT NULL,
  id              TEXT NOT NULL,
  contract_id     TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('budget', 'lead', 'term')),
  from_line       INTEGER,
  to_line         INTEGER,
  amount_yuan     INTEGER,
  worker_id       TEXT,
  ends_on         TEXT,
  reason          TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'refused')),
  decision_reasons TEXT NOT NULL DEFAULT '',
  revision        INTEGER,
  before_json     TEXT,
  after_json      TEXT,
  requested_by    TEXT,
  decided_by      TEXT,
  decided_at      TEXT,
  version         INTEGER NOT NULL DEFAULT 1,
  created_at      TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, contract_id) REFERENCES project_contracts (district_id, id)
);
-- One open request per contract, and one change per revision number: of two decisions
-- at once, one wins.
CREATE UNIQUE INDEX project_changes_one_open ON project_changes (district_id, contract_id) WHERE status = 'requested';
CREATE UNIQUE INDEX project_changes_revision ON project_changes (district_id, contract_id, revision) WHERE revision IS NOT NULL;
