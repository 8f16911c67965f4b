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
