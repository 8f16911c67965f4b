-- The linkage dashboard, its public summary and the annual assessment count needs,
-- meetings and actions per period and area. These indexes hold every column those counts
-- read, in date order, so each count reads the period's index entries and never the table.
CREATE INDEX linkage_needs_by_received ON linkage_needs (district_id, received_at, status, community_code, answer_working_days, answered_at, due_on);
CREATE INDEX linkage_meetings_held ON linkage_meetings (district_id, held_on, area_code);
CREATE INDEX linkage_actions_by_due ON linkage_actions (district_id, due_on, meeting_id, done_on);
-- The held_on index above begins with the same columns, so the older one only costs writes.
DROP INDEX linkage_meetings_by_date;
