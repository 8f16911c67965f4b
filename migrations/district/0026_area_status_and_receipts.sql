-- Areas keep their history. A 社区 the statistics bureau revokes (已撤销) stays in the
-- table, inactive, so that the records that name it still read; it is no longer offered
-- for new records. Re-importing the code list updates names and status in place.
ALTER TABLE areas ADD COLUMN status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked'));
