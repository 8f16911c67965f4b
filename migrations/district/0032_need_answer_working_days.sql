-- A community's public needs summary gives the median number of working days from a
-- need's receipt to its first answer. Counting them needs the State Council's holiday
-- calendar, so the figure is worked out once, when the need is answered, and kept on the
-- need; the summary then counts needs by (community, category, working days) from an
-- index instead of reading every need's dates.
ALTER TABLE linkage_needs ADD COLUMN answer_working_days INTEGER CHECK (answer_working_days IS NULL OR answer_working_days >= 0);

-- Needs answered before this column existed: working days between the Beijing dates of
-- receipt and answer (the day of receipt not counted), on the calendars that ship with the
-- code (src/lib/holiday-calendar.ts, 2025 and 2026); other years count Monday to Friday,
-- as isWorkingDay() does for a year without a calendar. The version moves on as the
-- version trigger requires of every update.
CREATE TABLE need_backfill_days (day TEXT PRIMARY KEY, working INTEGER NOT NULL);
WITH RECURSIVE days(day) AS (
  SELECT min(date(received_at, '+8 hours')) FROM linkage_needs WHERE answered_at IS NOT NULL
  UNION ALL
  SELECT date(day, '+1 day') FROM days WHERE day < (SELECT max(date(answered_at, '+8 hours')) FROM linkage_needs)
)
INSERT INTO need_backfill_days (day, working)
SELECT day, CASE
  WHEN day IN ('2025-01-01','2025-01-28','2025-01-29','2025-01-30','2025-01-31','2025-02-01','2025-02-02','2025-02-03','2025-02-04','2025-04-04','2025-04-05','2025-04-06','2025-05-01','2025-05-02','2025-05-03','2025-05-04','2025-05-05','2025-05-31','2025-06-01','2025-06-02','2025-10-01','2025-10-02','2025-10-03','2025-10-04','2025-10-05','2025-10-06','2025-10-07','2025-10-08','2026-01-01','2026-01-02','2026-01-03','2026-02-15','2026-02-16','2026-02-17','2026-02-18','2026-02-19','2026-02-20','2026-02-21','2026-02-22','2026-02-23','2026-04-04','2026-04-05','2026-04-06','2026-05-01','2026-05-02','2026-05-03','2026-05-04','2026-05-05','2026-06-19','2026-06-20','2026-06-21','2026-09-25','2026-09-26','2026-09-27','2026-10-01','2026-10-02','2026-10-03','2026-10-04','2026-10-05','2026-10-06','2026-10-07') THEN 0
  WHEN day IN ('2025-01-26','2025-02-08','2025-04-27','2025-09-28','2025-10-11','2026-01-04','2026-02-14','2026-02-28','2026-05-09','2026-09-20','2026-10-10') THEN 1
  WHEN strftime('%w', day) IN ('0', '6') THEN 0
  ELSE 1 END
FROM days WHERE day IS NOT NULL;
UPDATE linkage_needs SET answer_working_days = (
  SELECT count(*) FROM need_backfill_days
  WHERE working = 1 AND day > date(linkage_needs.received_at, '+8 hours') AND day <= date(linkage_needs.answered_at, '+8 hours')
), version = version + 1
WHERE answered_at IS NOT NULL;
DROP TABLE need_backfill_days;

-- The summary's counts, read from this index alone in the order it groups them; the status
-- is there to leave merged needs out (a merged need is counted under the need it was
-- merged into).
CREATE INDEX linkage_needs_summary ON linkage_needs (district_id, community_code, category, answer_working_days, status);
