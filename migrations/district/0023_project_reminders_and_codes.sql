-- Which evaluation-due reminder a contract in delivery has had ('' none yet, then
-- 'midterm' at the middle of its term, 'final' at its end), so the daily job tells the
-- buyer once per stage; and the short code of the project's public feedback link and QR
-- poster (/f/<code>), unique within the district, given by the Worker when the contract is
-- drafted and here to the contracts that exist (the version moves, as every update must).
ALTER TABLE project_contracts ADD COLUMN evaluation_due_told TEXT NOT NULL DEFAULT '' CHECK (evaluation_due_told IN ('', 'midterm', 'final'));
ALTER TABLE project_contracts ADD COLUMN feedback_code TEXT;
UPDATE project_contracts SET feedback_code = lower(hex(randomblob(4))), version = version + 1 WHERE feedback_code IS NULL;
CREATE UNIQUE INDEX project_contracts_by_feedback_code ON project_contracts (district_id, feedback_code);
