-- Rules of the revised 《社会组织评估管理办法》 (in force 2026-03-01) and of
-- 民政部令第60号《社会组织信用信息管理办法》 (docs/domain.md, "Evaluation grades" and
-- "Credit lists").

-- Appeals (复核) are decided by the evaluation committee (评估委员会) since the separate
-- 复核委员会 was abolished: the date of the committee's decision is kept with the answer.
ALTER TABLE evaluation_appeals ADD COLUMN committee_decided_on TEXT;
