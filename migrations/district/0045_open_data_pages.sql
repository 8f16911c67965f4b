-- The grades, grade decisions and credit-list entries are open data served a page at a
-- time, newest first and, between rows of the same day, by id, so that a page boundary
-- never repeats or skips a row. These indexes give that order with no sort: SQLite walks
-- one and stops at the page's end. The decisions' index replaces the one by date alone
-- (the same leading columns serve every query that one did).
CREATE INDEX organization_grades_by_awarded_id ON organization_grades (district_id, awarded_on DESC, id);
DROP INDEX grade_adjustments_by_date;
CREATE INDEX grade_adjustments_by_date_id ON grade_adjustments (district_id, decided_on DESC, id);
CREATE INDEX credit_list_entries_by_decided_id ON credit_list_entries (district_id, decided_on DESC, id);
