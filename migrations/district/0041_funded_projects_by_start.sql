-- The public projects list pages through every funded contract, newest start first and,
-- between contracts starting the same day, by contract number, so that a page boundary
-- never repeats or skips one. This index gives that order with no sort: SQLite walks it
-- and stops at the page's end. The status comes last so that unsigned (pending) contracts
-- are skipped without reading their rows. It serves everything the index it replaces did
-- (the same leading columns).
DROP INDEX project_contracts_by_start;
CREATE INDEX project_contracts_by_start_id ON project_contracts (district_id, starts_on, id, status);
