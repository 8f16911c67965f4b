-- Credit-list rules of 民政部令第60号《社会组织信用信息管理办法》 and the revised
-- 《社会组织评估管理办法》 (docs/domain.md, "Credit lists" and "Evaluation grades").

-- A grade suspended by a serious-list entry is restored when the entry ends within the
-- grade's term: grade_adjustments gains the outcome 'restored'. SQLite cannot alter a
-- CHECK, so the table is rebuilt (no other table refers to it).
CREATE TABLE grade_adjustments_rebuilt (
  district_id      TEXT NOT NULL,
  id               TEXT NOT NULL,
  organization_id  TEXT NOT NULL,
  grade_id         TEXT NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('tracking', 'verification', 'credit_list')),
  outcome          TEXT NOT NULL CHECK (outcome IN ('kept', 'raised', 'lowered', 'cancelled', 'suspended', 'restored')),
  from_grade       TEXT NOT NULL,
  to_grade         TEXT,
  new_grade_id     TEXT,
  reason           TEXT NOT NULL,
  decided_on       TEXT NOT NULL,
  decided_by       TEXT NOT NULL,
  at               TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, organization_id) REFERENCES organizations (district_id, id)
);
INSERT INTO grade_adjustments_rebuilt SELECT district_id, id, organization_id, grade_id, kind, outcome, from_grade, to_grade, new_grade_id, reason, decided_on, decided_by, at FROM grade_adjustments;
DROP TABLE grade_adjustments;
ALTER TABLE grade_adjustments_rebuilt RENAME TO grade_adjustments;
CREATE INDEX grade_adjustments_by_org ON grade_adjustments (district_id, organization_id, decided_on);
CREATE INDEX grade_adjustments_by_date ON grade_adjustments (district_id, decided_on);

-- Registration status (登记状态): 存续 (active), 注销 (deregistered), 撤销 (registration
-- revoked), 吊销 (certificate revoked), with its date and reason. An organization that is
-- 撤销 or 吊销 leaves a credit list only once it is 注销.
ALTER TABLE organizations ADD COLUMN registration_status TEXT NOT NULL DEFAULT 'active' CHECK (registration_status IN ('active', 'deregistered', 'revoked', 'license_revoked'));
ALTER TABLE organizations ADD COLUMN registration_status_on TEXT;
ALTER TABLE organizations ADD COLUMN registration_status_reason TEXT NOT NULL DEFAULT '';
