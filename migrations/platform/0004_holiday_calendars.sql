-- The State Council's holiday calendar for a year, as entered by a platform operator
-- from that year's notice (国务院办公厅关于…年部分节假日安排的通知). An entered year
-- replaces the calendar shipped with the code (src/lib/holiday-calendar.ts); working-day
-- deadlines in every district follow it.
CREATE TABLE holiday_calendars (
  year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
  -- JSON arrays of Beijing dates (YYYY-MM-DD), each inside the year.
  holidays_json TEXT NOT NULL,
  workdays_json TEXT NOT NULL,
  source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 300),
  updated_by TEXT,
  updated_at TEXT NOT NULL
);
