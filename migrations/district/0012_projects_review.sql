-- Review and award of project bids on the shared review engine (rubrics, assignments,
-- scores, notices in 0003): each call's rubric, reviewer pool and optional roadshow
-- (路演); the eligibility check's working-day deadline per bid; and the award proposal
-- within the call's budget, which staff may change with a recorded reason, and which
-- goes on public notice (公示) before the bids it names are awarded.

ALTER TABLE project_calls ADD COLUMN rubric_id TEXT;
ALTER TABLE project_calls ADD COLUMN roadshow_on TEXT;
ALTER TABLE project_calls ADD COLUMN roadshow_place TEXT NOT NULL DEFAULT '';

CREATE TABLE project_call_reviewers (
  district_id  TEXT NOT NULL,
  call_id      TEXT NOT NULL,
  user_id      TEXT NOT NULL,
  PRIMARY KEY (district_id, call_id, user_id),
  FOREIGN KEY (district_id, call_id) REFERENCES project_calls (district_id, id)
);

ALTER TABLE project_bids ADD COLUMN eligibility_due_on TEXT;
ALTER TABLE project_bids ADD COLUMN eligibility_done_at TEXT;

-- One row per bid reviewed in a call: its rank and score when the proposal was made,
-- whether the rule (by rank, within budget) took it, whether it is proposed now, and
-- the reason staff gave for any change. `stage` follows the notice: draft → in_notice
-- → awarded, or not_awarded / overturned.
CREATE TABLE project_proposals (
  district_id   TEXT NOT NULL,
  call_id       TEXT NOT NULL,
  bid_id        TEXT NOT NULL,
  rank          INTEGER NOT NULL CHECK (rank >= 1),
  score         REAL,
  amount_yuan   INTEGER NOT NULL CHECK (amount_yuan >= 0),
  by_rule       INTEGER NOT NULL CHECK (by_rule IN (0, 1)),
  included      INTEGER NOT NULL CHECK (included IN (0, 1)),
  reason        TEXT NOT NULL DEFAULT '',
  stage         TEXT NOT NULL CHECK (stage IN ('draft', 'in_notice', 'awarded', 'not_awarded', 'overturned')),
  notice_id     TEXT,
  version       INTEGER NOT NULL DEFAULT 1,
  updated_by    TEXT,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (district_id, bid_id),
  FOREIGN KEY (district_id, call_id) REFERENCES project_calls (district_id, id),
  FOREIGN KEY (district_id, bid_id) REFERENCES project_bids (district_id, id)
);
CREATE INDEX project_proposals_by_call ON project_proposals (district_id, call_id, stage, rank);

CREATE TRIGGER project_proposals_version_check BEFORE UPDATE ON project_proposals
WHEN NEW.version IS NOT OLD.version + 1
BEGIN SELECT RAISE(ABORT, 'project_proposals.version_conflict'); END;

-- The proposal never exceeds the call's budget, whoever changes it and however many at
-- once: checked after each change, in the same batch.
CREATE TRIGGER project_proposals_within_budget AFTER UPDATE OF included ON project_proposals
WHEN NEW.included = 1 AND (
  SELECT coalesce(sum(p.amount_yuan), 0) FROM project_proposals p
  WHERE p.district_id = NEW.district_id AND p.call_id = NEW.call_id AND p.included = 1
) > (SELECT c.total_budget_yuan FROM project_calls c WHERE c.district_id = NEW.district_id AND c.id = NEW.call_id)
BEGIN SELECT RAISE(ABORT, 'project_proposals.over_budget'); END;

-- Third-party evaluations (第三方评估) of a signed contract, mid-term and final, scored
-- by the assigned evaluators on the review engine. Passing opens the instalment whose
-- gate is that evaluation; failing opens a rectification period, after which staff
-- order a re-evaluation (the next round) or terminate the contract.
CREATE TABLE project_evaluations (
  district_id           TEXT NOT NULL,
  id                    TEXT NOT NULL,
  contract_id           TEXT NOT NULL,
  stage                 TEXT NOT NULL CHECK (stage IN ('midterm', 'final')),
  round                 INTEGER NOT NULL CHECK (round BETWEEN 1 AND 5),
  rubric_id             TEXT NOT NULL,
  pass_mark             INTEGER NOT NULL CHECK (pass_mark BETWEEN 1 AND 100),
  status                TEXT NOT NULL CHECK (status IN ('open', 'passed', 'failed', 'terminated')),
  score                 REAL,
  reasons               TEXT NOT NULL DEFAULT '',
  rectification_due_on  TEXT,
  credit_proposal       TEXT NOT NULL DEFAULT '',  -- the consequence for credit lists the rules suggest, for staff to decide
  overdue               INTEGER NOT NULL DEFAULT 0 CHECK (overdue IN (0, 1)),
  decided_by            TEXT,
  decided_at            TEXT,
  version               INTEGER NOT NULL DEFAULT 1,
  created_by            TEXT,
  created_at            TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, contract_id, stage, round),
  FOREIGN KEY (district_id, contract_id) REFERENCES project_contracts (district_id, id)
);
-- At most one evaluation of a contract is open at a time.
CREATE UNIQUE INDEX project_evaluations_one_open ON project_evaluations (district_id, contract_id) WHERE status = 'open';
CREATE INDEX project_evaluations_by_status ON project_evaluations (district_id, status, rectification_due_on);

CREATE TRIGGER project_evaluations_version_check BEFORE UPDATE ON project_evaluations
WHEN NEW.version IS NOT OLD.version + 1
BEGIN SELECT RAISE(ABORT, 'project_evaluations.version_conflict'); END;

-- Beneficiary feedback (服务对象反馈) through the project's public link: a rating of 1-5
-- and a comment, without an account; one response per phone number or device token
-- (respondent_key is a keyed hash of either), the phone kept only encrypted.
CREATE TABLE project_feedback (
  district_id      TEXT NOT NULL,
  id               TEXT NOT NULL,
  contract_id      TEXT NOT NULL,
  rating           INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment          TEXT NOT NULL DEFAULT '',
  respondent_key   TEXT NOT NULL,
  phone_protected  TEXT,
  created_at       TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, contract_id, respondent_key),
  FOREIGN KEY (district_id, contract_id) REFERENCES project_contracts (district_id, id)
);
