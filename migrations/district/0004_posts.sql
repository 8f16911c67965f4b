-- Social-work post development (社会工作岗位开发): hosts, posts and their revisions,
-- social workers with protected personal data, training, assignments (嵌入), online
-- applications, annual assessments and rewards.
--
-- Rules that must hold under concurrent requests live here as constraints and
-- triggers, because D1 has no interactive transactions: a batch that breaks one is
-- rolled back whole, together with its audit event. "Today" is the China date
-- (UTC+8), the same one src/modules/posts/dates.ts uses.

-- Who offers a post: a government department (民政, 文体, 教育, …), a community, a
-- social-work station (社工站) or an organization. area_code NULL = district level.
CREATE TABLE post_hosts (
  district_id      TEXT NOT NULL,
  id               TEXT NOT NULL,
  host_type        TEXT NOT NULL CHECK (host_type IN ('department', 'community', 'station', 'organization')),
  name             TEXT NOT NULL,
  area_code        TEXT,
  organization_id  TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, organization_id),
  FOREIGN KEY (district_id, area_code) REFERENCES areas (district_id, code),
  FOREIGN KEY (district_id, organization_id) REFERENCES organizations (district_id, id),
  CHECK ((host_type = 'organization') = (organization_id IS NOT NULL)),
  CHECK (host_type <> 'community' OR length(area_code) = 12)
);
CREATE INDEX post_hosts_by_area ON post_hosts (district_id, area_code);
CREATE INDEX post_hosts_by_type ON post_hosts (district_id, host_type, area_code);

CREATE TABLE posts (
  district_id       TEXT NOT NULL,
  id                TEXT NOT NULL,
  host_id           TEXT NOT NULL,
  area_code         TEXT,                       -- where the post sits; NULL = district level
  title             TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('administrative', 'professional', 'assistant')),
  mode              TEXT NOT NULL CHECK (mode IN ('post_development', 'issue_specific', 'platform_integration')),
  funding           TEXT NOT NULL CHECK (funding IN ('government_purchased', 'host_funded')),
  work_content      TEXT NOT NULL,
  responsibilities  TEXT NOT NULL,
  work_steps        TEXT NOT NULL,
  qualification     TEXT NOT NULL CHECK (qualification IN ('none', 'assistant', 'intermediate', 'senior')),
  headcount         INTEGER NOT NULL CHECK (headcount BETWEEN 1 AND 200),
  status            TEXT NOT NULL CHECK (status IN ('draft', 'open', 'filled', 'closed')),
  version           INTEGER NOT NULL,            -- = the number of its latest revision
  created_by        TEXT,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, host_id) REFERENCES post_hosts (district_id, id),
  FOREIGN KEY (district_id, area_code) REFERENCES areas (district_id, code)
);
CREATE INDEX posts_by_status ON posts (district_id, status, area_code);
CREATE INDEX posts_by_area ON posts (district_id, area_code);
CREATE INDEX posts_by_host ON posts (district_id, host_id);

-- Every change of a post (its fields or its status) is a new immutable revision holding
-- the whole post as it then was; differences are computed when shown.
CREATE TABLE post_revisions (
  district_id    TEXT NOT NULL,
  post_id        TEXT NOT NULL,
  revision       INTEGER NOT NULL,
  editor_id      TEXT,
  editor_name    TEXT NOT NULL,
  edited_at      TEXT NOT NULL,
  snapshot_json  TEXT NOT NULL,
  PRIMARY KEY (district_id, post_id, revision),
  FOREIGN KEY (district_id, post_id) REFERENCES posts (district_id, id)
);
CREATE TRIGGER post_revisions_no_update BEFORE UPDATE ON post_revisions
BEGIN SELECT RAISE(ABORT, 'post_revisions is append-only'); END;
CREATE TRIGGER post_revisions_no_delete BEFORE DELETE ON post_revisions
BEGIN SELECT RAISE(ABORT, 'post_revisions is append-only'); END;

-- Optimistic concurrency: every update names the version it read plus one. Two editors
-- of the same version cannot both win: the second batch aborts here.
CREATE TRIGGER posts_version_check BEFORE UPDATE ON posts
WHEN NEW.version IS NOT OLD.version + 1
BEGIN SELECT RAISE(ABORT, 'posts.version_conflict'); END;

CREATE TABLE social_workers (
  district_id          TEXT NOT NULL,
  id                   TEXT NOT NULL,
  name                 TEXT NOT NULL,
  area_code            TEXT,                    -- where the worker is based; NULL = district level
  qualification        TEXT NOT NULL CHECK (qualification IN ('none', 'assistant', 'intermediate', 'senior')),
  certificate_no       TEXT,
  id_number_protected  TEXT NOT NULL,           -- src/lib/personal-data.ts protect()
  id_number_hash       TEXT NOT NULL,           -- lookupHash('id_number')
  id_number_masked     TEXT NOT NULL,           -- what lists show, so lists never decrypt
  phone_protected      TEXT NOT NULL,
  phone_hash           TEXT NOT NULL,
  phone_masked         TEXT NOT NULL,
  user_id              TEXT,                    -- the social_worker account keeping this profile
  version              INTEGER NOT NULL,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, certificate_no),
  UNIQUE (district_id, id_number_hash),
  UNIQUE (district_id, user_id),
  FOREIGN KEY (district_id, area_code) REFERENCES areas (district_id, code),
  FOREIGN KEY (district_id, user_id) REFERENCES users (district_id, id),
  CHECK ((qualification = 'none') = (certificate_no IS NULL))
);
CREATE INDEX social_workers_by_area ON social_workers (district_id, area_code, name);
CREATE INDEX social_workers_by_name ON social_workers (district_id, name);
CREATE INDEX social_workers_by_phone ON social_workers (district_id, phone_hash);

CREATE TRIGGER social_workers_version_check BEFORE UPDATE ON social_workers
WHEN NEW.version IS NOT OLD.version + 1
BEGIN SELECT RAISE(ABORT, 'social_workers.version_conflict'); END;

-- Qualification history, for the career path (职业生涯发展).
CREATE TABLE worker_qualifications (
  district_id     TEXT NOT NULL,
  id              TEXT NOT NULL,
  worker_id       TEXT NOT NULL,
  qualification   TEXT NOT NULL CHECK (qualification IN ('none', 'assistant', 'intermediate', 'senior')),
  certificate_no  TEXT,
  recorded_on     TEXT NOT NULL,
  recorded_by     TEXT,
  created_at      TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, worker_id) REFERENCES social_workers (district_id, id)
);
CREATE INDEX worker_qualifications_by_worker ON worker_qualifications (district_id, worker_id, recorded_on);

-- Training (集中培训, 短训, 函授, 实习, 交流).
CREATE TABLE worker_trainings (
  district_id  TEXT NOT NULL,
  id           TEXT NOT NULL,
  worker_id    TEXT NOT NULL,
  form         TEXT NOT NULL CHECK (form IN ('centralized', 'short_course', 'correspondence', 'internship', 'exchange')),
  title        TEXT NOT NULL,
  hours        REAL NOT NULL CHECK (hours > 0 AND hours <= 2000),
  provider     TEXT NOT NULL,
  held_on      TEXT NOT NULL,
  created_by   TEXT,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, worker_id) REFERENCES social_workers (district_id, id)
);
CREATE INDEX worker_trainings_by_worker ON worker_trainings (district_id, worker_id, held_on);
CREATE INDEX worker_trainings_by_date ON worker_trainings (district_id, held_on);

-- Embedding a worker in a post. ends_on is the day the place frees up; active = no end
-- yet or an end after today. Rows are never deleted:
-- ending and rotation (轮岗) set ends_on, so the history stays.
CREATE TABLE post_assignments (
  district_id     TEXT NOT NULL,
  id              TEXT NOT NULL,
  post_id         TEXT NOT NULL,
  worker_id       TEXT NOT NULL,
  starts_on       TEXT NOT NULL,
  ends_on         TEXT,
  end_reason      TEXT CHECK (end_reason IS NULL OR end_reason IN ('completed', 'rotation', 'resigned', 'other')),
  rotated_from    TEXT,
  application_id  TEXT,
  created_by      TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, post_id) REFERENCES posts (district_id, id),
  FOREIGN KEY (district_id, worker_id) REFERENCES social_workers (district_id, id),
  FOREIGN KEY (district_id, rotated_from) REFERENCES post_assignments (district_id, id),
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX post_assignments_by_post ON post_assignments (district_id, post_id, ends_on);
CREATE INDEX post_assignments_by_worker ON post_assignments (district_id, worker_id, starts_on);

-- The headcount rule, decided inside the write itself: SQLite runs one write at a
-- time, so of concurrent assignments to a post only as many as it has places succeed.
-- Records of assignments that have already ended are history and are not checked.
CREATE TRIGGER post_assignments_capacity BEFORE INSERT ON post_assignments
WHEN NEW.ends_on IS NULL OR NEW.ends_on > date('now', '+8 hours')
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

-- An ended assignment stays ended (a new assignment is made instead), so no update
-- can bring a post above its headcount.
CREATE TRIGGER post_assignments_no_reactivation BEFORE UPDATE OF ends_on ON post_assignments
WHEN OLD.ends_on IS NOT NULL AND OLD.ends_on <= date('now', '+8 hours')
 AND (NEW.ends_on IS NULL OR NEW.ends_on > date('now', '+8 hours'))
BEGIN SELECT RAISE(ABORT, 'post_assignments.ended'); END;

-- Nor can the headcount drop below the workers in post.
CREATE TRIGGER posts_headcount_check BEFORE UPDATE OF headcount ON posts
WHEN NEW.headcount < (SELECT count(*) FROM post_assignments a
                      WHERE a.district_id = NEW.district_id AND a.post_id = NEW.id
                        AND (a.ends_on IS NULL OR a.ends_on > date('now', '+8 hours')))
BEGIN SELECT RAISE(ABORT, 'posts.headcount_below_active'); END;

-- A social worker's online application to an open post; the host decides.
CREATE TABLE post_applications (
  district_id     TEXT NOT NULL,
  id              TEXT NOT NULL,
  post_id         TEXT NOT NULL,
  worker_id       TEXT NOT NULL,
  motivation      TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'declined', 'withdrawn')),
  decided_by      TEXT,
  decided_at      TEXT,
  decision_note   TEXT NOT NULL DEFAULT '',
  assignment_id   TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, post_id) REFERENCES posts (district_id, id),
  FOREIGN KEY (district_id, worker_id) REFERENCES social_workers (district_id, id)
);
CREATE UNIQUE INDEX post_applications_one_pending ON post_applications (district_id, post_id, worker_id) WHERE status = 'submitted';
CREATE INDEX post_applications_by_post ON post_applications (district_id, post_id, status);
CREATE INDEX post_applications_by_worker ON post_applications (district_id, worker_id, created_at);

CREATE TRIGGER post_applications_open_post BEFORE INSERT ON post_applications
WHEN (SELECT status FROM posts WHERE district_id = NEW.district_id AND id = NEW.post_id) IS NOT 'open'
BEGIN SELECT RAISE(ABORT, 'post_applications.post_not_open'); END;

-- Decided once: two hosts answering at the same moment cannot both decide.
CREATE TRIGGER post_applications_decided_once BEFORE UPDATE OF status ON post_applications
WHEN OLD.status <> 'submitted'
BEGIN SELECT RAISE(ABORT, 'post_applications.already_decided'); END;

-- Annual performance assessment (年度绩效考核) of one assignment.
CREATE TABLE worker_assessments (
  district_id    TEXT NOT NULL,
  id             TEXT NOT NULL,
  assignment_id  TEXT NOT NULL,
  year           INTEGER NOT NULL,
  score          REAL NOT NULL CHECK (score >= 0 AND score <= 100),
  grade          TEXT NOT NULL CHECK (grade IN ('excellent', 'competent', 'basically_competent', 'incompetent')),
  assessor_name  TEXT NOT NULL,
  assessor_id    TEXT,
  comments       TEXT NOT NULL DEFAULT '',
  created_at     TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, assignment_id, year),
  FOREIGN KEY (district_id, assignment_id) REFERENCES post_assignments (district_id, id)
);

-- Incentives (物质奖励, 荣誉, 晋升).
CREATE TABLE worker_rewards (
  district_id     TEXT NOT NULL,
  id              TEXT NOT NULL,
  worker_id       TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('material', 'honour', 'promotion')),
  title           TEXT NOT NULL,
  awarded_on      TEXT NOT NULL,
  awarding_body   TEXT NOT NULL,
  amount_yuan     INTEGER CHECK (amount_yuan IS NULL OR amount_yuan > 0),
  created_by      TEXT,
  created_at      TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, worker_id) REFERENCES social_workers (district_id, id)
);
CREATE INDEX worker_rewards_by_worker ON worker_rewards (district_id, worker_id, awarded_on);
