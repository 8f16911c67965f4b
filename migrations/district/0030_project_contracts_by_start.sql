-- The public projects page lists a district's funded contracts newest start first. With
-- this index SQLite walks the contracts in that order and stops at the page's limit,
-- instead of reading every contract of the district and sorting them; the status is in
-- the index so that unsigned (pending) contracts are skipped without reading their rows.
CREATE INDEX project_contracts_by_start ON project_contracts (district_id, starts_on, status);

-- Each listed contract sums its paid instalments. Without this index SQLite reaches them
-- through the status index, i.e. every paid instalment of the district for every contract
-- on the page; with it, only the contract's own paid ones.
CREATE INDEX project_instalments_paid_by_contract ON project_instalments (district_id, contract_id, status);

-- The same page shows each contract's latest decided evaluation: it reads the decided
-- evaluations in decision order, here straight from the index instead of sorting them.
CREATE INDEX project_evaluations_by_decision ON project_evaluations (district_id, decided_at, status, contract_id, stage);
