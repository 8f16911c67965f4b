-- Rules of the revised 《社会组织评估管理办法》 (in force 2026-03-01) and of
-- 民政部令第60号《社会组织信用信息管理办法》 (docs/domain.md, "Evaluation grades" and
-- "Credit lists").

-- Appeals (复核) are decided by the evaluation committee (评估委员会) since the separate
-- 复核委员会 was abolished: the date of the committee's decision is kept with the answer.
ALTER TABLE evaluation_appeals ADD COLUMN committee_decided_on TEXT;

-- Jurisdiction: a district's civil affairs bureau lists and evaluates only the
-- organizations it registered ('own'); one registered elsewhere (a city bureau, say) is in
-- the directory but not actionable here ('other'); a community organization filed (备案)
-- with a 街道 or 乡镇 ('filed') needs no credit code or legal representative and is outside
-- evaluation and the credit lists. Existing rows: a registration authority naming 备案 is
-- a filing, everything else stays the district's own until staff say otherwise.
ALTER TABLE organizations ADD COLUMN registration_scope TEXT NOT NULL DEFAULT 'own' CHECK (registration_scope IN ('own', 'other', 'filed'));
UPDATE organizations SET registration_scope = 'filed' WHERE registration_authority LIKE '%备案%';
