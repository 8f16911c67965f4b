-- The posts module's rules from the national regulations (docs/domain.md, social-work
-- posts): a post's required qualification, the number of posts a worker may hold at
-- once, and the registration of a worker's certificate. As in 0004_posts.sql, what must
-- hold under concurrent requests is decided inside the write by a trigger; rows copied
-- by a restore or a move (district_loads, 0006_bulk_load.sql) are history and not judged,
-- nor are assignments that have already ended. A post that is not open and a worker
-- already in the post are left to post_assignments_capacity (0006), whose answers say more.

-- The district admin's reason for placing a worker below the post's required level
-- (NULL: no override), and who gave it.
ALTER TABLE post_assignments ADD COLUMN qualification_override TEXT;
ALTER TABLE post_assignments ADD COLUMN override_by TEXT;
-- The district's limit of concurrent posts when the assignment was made (setting
-- maxConcurrentPosts); NULL on rows written before the rule, which are not checked.
ALTER TABLE post_assignments ADD COLUMN max_concurrent INTEGER CHECK (max_concurrent IS NULL OR max_concurrent >= 1);

CREATE TRIGGER post_assignments_qualification BEFORE INSERT ON post_assignments
WHEN NEW.qualification_override IS NULL
 AND (NEW.ends_on IS NULL OR NEW.ends_on > date('now', '+8 hours'))
 AND (SELECT status FROM posts p WHERE p.district_id = NEW.district_id AND p.id = NEW.post_id) = 'open'
 AND NOT EXISTS (SELECT 1 FROM district_loads l WHERE l.district_id = NEW.district_id)
BEGIN
  SELECT RAISE(ABORT, 'post_assignments.underqualified')
  WHERE (SELECT CASE w.qualification WHEN 'assistant' THEN 1 WHEN 'intermediate' THEN 2 WHEN 'senior' THEN 3 ELSE 0 END
         FROM social_workers w WHERE w.district_id = NEW.district_id AND w.id = NEW.worker_id)
      < (SELECT CASE p.qualification WHEN 'assistant' THEN 1 WHEN 'intermediate' THEN 2 WHEN 'senior' THEN 3 ELSE 0 END
         FROM posts p WHERE p.district_id = NEW.district_id AND p.id = NEW.post_id);
END;

-- An assignment holds its place from starts_on up to the day before ends_on (the day the
-- place frees up), so a rotation's old and new posts do not overlap. The most posts held
-- at once within the new assignment's span is reached on its first day or on the first
-- day of a later assignment; on none of those days may the worker already hold the limit.
CREATE TRIGGER post_assignments_concurrent BEFORE INSERT ON post_assignments
WHEN NEW.max_concurrent IS NOT NULL
 AND (NEW.ends_on IS NULL OR NEW.ends_on > date('now', '+8 hours'))
 AND (SELECT status FROM posts p WHERE p.district_id = NEW.district_id AND p.id = NEW.post_id) = 'open'
 AND NOT EXISTS (SELECT 1 FROM district_loads l WHERE l.district_id = NEW.district_id)
BEGIN
  SELECT RAISE(ABORT, 'post_assignments.post_limit')
  WHERE EXISTS (
    SELECT 1
    FROM (SELECT NEW.starts_on AS day
          UNION
          SELECT a.starts_on FROM post_assignments a
          WHERE a.district_id = NEW.district_id AND a.worker_id = NEW.worker_id AND a.post_id <> NEW.post_id
            AND a.starts_on > NEW.starts_on AND (NEW.ends_on IS NULL OR a.starts_on < NEW.ends_on)) d
    WHERE (SELECT count(*) FROM post_assignments b
           WHERE b.district_id = NEW.district_id AND b.worker_id = NEW.worker_id AND b.post_id <> NEW.post_id
             AND b.starts_on <= d.day AND (b.ends_on IS NULL OR b.ends_on > d.day)) >= NEW.max_concurrent);
END;

-- Registration of a worker's certificate (社会工作者职业水平证书登记办法, 民发〔2009〕44号):
-- the first registration and each renewal (再登记), each valid for three years. The
-- period a renewal opens runs on from the one before; two people recording the same
-- renewal at once would open the same period, which the unique key refuses.
CREATE TABLE worker_registrations (
  district_id    TEXT NOT NULL,
  id             TEXT NOT NULL,
  worker_id      TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('first', 'renewal')),
  registered_on  TEXT NOT NULL,              -- the date on the registration
  starts_on      TEXT NOT NULL,              -- first day of the period it opens
  valid_until    TEXT NOT NULL,              -- last day of that period
  recorded_by    TEXT,
  created_at     TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, worker_id, starts_on),
  FOREIGN KEY (district_id, worker_id) REFERENCES social_workers (district_id, id),
  CHECK (valid_until > starts_on)
);
CREATE INDEX worker_registrations_by_expiry ON worker_registrations (district_id, valid_until);
