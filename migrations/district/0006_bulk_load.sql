-- Bulk loads: a district's rows copied in whole by a restore from its data export or a
-- move from another shard (src/operations). The rows are history that was valid when
-- written, so the insert-time business rules (a post must be open, its headcount not
-- full) must not judge them again today. The row below exists only while such a load
-- of that district runs; the triggers skip that district's inserts meanwhile.
CREATE TABLE district_loads (
  district_id   TEXT NOT NULL PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('restore', 'move')),
  started_at    TEXT NOT NULL
);

DROP TRIGGER post_assignments_capacity;
CREATE TRIGGER post_assignments_capacity BEFORE INSERT ON post_assignments
WHEN (NEW.ends_on IS NULL OR NEW.ends_on > date('now', '+8 hours'))
 AND NOT EXISTS (SELECT 1 FROM district_loads l WHERE l.district_id = NEW.district_id)
BEGIN
  SELECT RAISE(ABORT, 'post_assignments.post_not_open')
  WHERE (SELECT status FROM posts WHERE district_id = NEW.district_id AND id = NEW.post_id) IS NOT 'open';
  SELECT RAISE(ABORT, 'post_assignments.already_assigned')
  WHERE EXISTS (SELECT 1 FROM post_assignments a
                WHERE a.district_id = NEW.district_id AND a.post_id = NEW.post_id AND a.worker_id = NEW.worker_id
                  AND (a.ends_on IS NULL OR a.ends_on > date('now', '+8 hours')));
  SELECT RAISE(ABORT, 'post_assignments.headcount_full')
  WHERE (SELECT count(*) FROM post_assignments a
         WHERE a.district_id = NEW.district_id AND a.post_id = NEW.post_id
           AND (a.ends_on IS NULL OR a.ends_on > date('now', '+8 hours')))
     >= (SELECT headcount FROM posts WHERE district_id = NEW.district_id AND id = NEW.post_id);
END;

DROP TRIGGER post_applications_open_post;
CREATE TRIGGER post_applications_open_post BEFORE INSERT ON post_applications
WHEN (SELECT status FROM posts WHERE district_id = NEW.district_id AND id = NEW.post_id) IS NOT 'open'
 AND NOT EXISTS (SELECT 1 FROM district_loads l WHERE l.district_id = NEW.district_id)
BEGIN SELECT RAISE(ABORT, 'post_applications.post_not_open'); END;

-- Revisions are append-only like the audit log, and likewise give way to a sanctioned
-- offboarding (and to the removal of a moved district's rows from its old shard, which
-- goes through the same marker): before this, deleting a district with posts failed.
DROP TRIGGER post_revisions_no_delete;
CREATE TRIGGER post_revisions_no_delete BEFORE DELETE ON post_revisions
WHEN NOT EXISTS (SELECT 1 FROM offboardings o WHERE o.district_id = OLD.district_id)
BEGIN SELECT RAISE(ABORT, 'post_revisions is append-only'); END;
