-- Proposed credit-list entries (民政部令第60号) that staff looked at and decided not to
-- enter, with the reason. A dismissal holds for its ground and period (the report year
-- of an overdue annual report, the date of the second minor penalty), so the same facts
-- are not proposed again; a new period proposes again. Kept, never deleted (audited).
CREATE TABLE credit_candidate_dismissals (
  district_id      TEXT NOT NULL,
  id               TEXT NOT NULL,
  organization_id  TEXT NOT NULL,
  ground           TEXT NOT NULL CHECK (ground IN ('annual_report', 'repeated_penalties')),
  period           TEXT NOT NULL,
  reason           TEXT NOT NULL,
  dismissed_by     TEXT NOT NULL,
  dismissed_at     TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, organization_id) REFERENCES organizations (district_id, id)
);
CREATE UNIQUE INDEX credit_candidate_dismissals_once ON credit_candidate_dismissals (district_id, organization_id, ground, period);
