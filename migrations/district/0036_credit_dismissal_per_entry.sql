-- A two-year proposal (民政部令第60号, serious-list ground (一)) is about one abnormal-list
-- entry: two entries of the same organization decided on the same day end their two years
-- on the same day, and a dismissal of one must not silence the other. The dismissal keeps
-- the entry it was about ('' for the grounds that concern the organization as a whole,
-- and for two-year dismissals kept before this column, which hold for that day's entries).
ALTER TABLE credit_candidate_dismissals ADD COLUMN entry_id TEXT NOT NULL DEFAULT '';
DROP INDEX credit_candidate_dismissals_once;
CREATE UNIQUE INDEX credit_candidate_dismissals_once ON credit_candidate_dismissals (district_id, organization_id, ground, period, entry_id);
