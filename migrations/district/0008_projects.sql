-- Purchased services and 公益创投 (项目): the service catalogue with yearly budgets,
-- calls of both kinds, bids with their budget lines and team, contracts with their
-- instalment schedule, and payments.
--
-- Amounts are whole yuan. Rules that must hold under concurrent requests are checked
-- here (unique keys, triggers) or by guarded batches (src/data/district-data.ts), since
-- D1 has no interactive transactions.

-- 政府购买服务目录: the district's service categories and how each is purchased.
CREATE TABLE project_categories (
  district_id      TEXT NOT NULL,
  id               TEXT NOT NULL,
  name_zh          TEXT NOT NULL,
  name_en          TEXT NOT NULL,
  purchase_method  TEXT NOT NULL CHECK (purchase_method IN ('commission', 'subsidy', 'post', 'voucher')),
  active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  version          INTEGER NOT NULL DEFAULT 1,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, name_zh)
);

CREATE TRIGGER project_categories_version_check BEFORE UPDATE ON project_categories
WHEN NEW.version IS NOT OLD.version + 1
BEGIN SELECT RAISE(ABORT, 'project_categories.version_conflict'); END;

-- A yearly budget per category, at district level (area_code NULL) or for one 街道.
CREATE TABLE project_budgets (
  district_id  TEXT NOT NULL,
  id           TEXT NOT NULL,
  year         INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  category_id  TEXT NOT NULL,
  area_code    TEXT,
  amount_yuan  INTEGER NOT NULL CHECK (amount_yuan >= 0),
  version      INTEGER NOT NULL DEFAULT 1,
  created_by   TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, category_id) REFERENCES project_categories (district_id, id),
  FOREIGN KEY (district_id, area_code) REFERENCES areas (district_id, code),
  CHECK (area_code IS NULL OR length(area_code) = 9)
);
-- One budget per year, category and level (NULL is the district level, hence the coalesce).
CREATE UNIQUE INDEX project_budgets_one ON project_budgets (district_id, year, category_id, coalesce(area_code, ''));

CREATE TRIGGER project_budgets_version_check BEFORE UPDATE ON project_budgets
WHEN NEW.version IS NOT OLD.version + 1
BEGIN SELECT RAISE(ABORT, 'project_budgets.version_conflict'); END;

-- A call for projects: 公益创投 (venture) or 政府购买服务 (purchase), paid from the
-- budgets of its year, categories and level (the buyer's 街道, or the district).
CREATE TABLE project_calls (
  district_id              TEXT NOT NULL,
  id                       TEXT NOT NULL,
  kind                     TEXT NOT NULL CHECK (kind IN ('venture', 'purchase')),
  title                    TEXT NOT NULL,
  description              TEXT NOT NULL,
  needs                    TEXT NOT NULL,          -- the residents' needs or community requests it answers
  year                     INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  area_code                TEXT,                    -- the buyer: a 街道, or NULL for the district
  opens_on                 TEXT NOT NULL,
  closes_on                TEXT NOT NULL,
  project_cap_yuan         INTEGER NOT NULL CHECK (project_cap_yuan > 0),
  total_budget_yuan        INTEGER NOT NULL CHECK (total_budget_yuan > 0),
  min_registration_months  INTEGER NOT NULL CHECK (min_registration_months BETWEEN 0 AND 240),
  allow_founding_teams     INTEGER NOT NULL CHECK (allow_founding_teams IN (0, 1)),
  admin_cap_percent        INTEGER NOT NULL CHECK (admin_cap_percent BETWEEN 0 AND 50),
  instalments              TEXT NOT NULL,          -- shares in percent, e.g. "30,40,30"
  materials                TEXT NOT NULL,          -- required materials, one per line
  status                   TEXT NOT NULL CHECK (status IN ('draft', 'published', 'closed')),
  version                  INTEGER NOT NULL DEFAULT 1,
  created_by               TEXT,
  created_at               TEXT NOT NULL,
  updated_at               TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, area_code) REFERENCES areas (district_id, code),
  CHECK (closes_on >= opens_on),
  CHECK (project_cap_yuan <= total_budget_yuan)
);
CREATE INDEX project_calls_by_status ON project_calls (district_id, status, closes_on);

CREATE TRIGGER project_calls_version_check BEFORE UPDATE ON project_calls
WHEN NEW.version IS NOT OLD.version + 1
BEGIN SELECT RAISE(ABORT, 'project_calls.version_conflict'); END;

CREATE TABLE project_call_categories (
  district_id  TEXT NOT NULL,
  call_id      TEXT NOT NULL,
  category_id  TEXT NOT NULL,
  PRIMARY KEY (district_id, call_id, category_id),
  FOREIGN KEY (district_id, call_id) REFERENCES project_calls (district_id, id),
  FOREIGN KEY (district_id, category_id) REFERENCES project_categories (district_id, id)
);

-- A bid: one per organization and call. Drafts are saved as they are typed; the amount
-- is the sum of its budget lines.
CREATE TABLE project_bids (
  district_id      TEXT NOT NULL,
  id               TEXT NOT NULL,
  call_id          TEXT NOT NULL,
  organization_id  TEXT NOT NULL,
  category_id      TEXT,
  title            TEXT NOT NULL,
  target_group     TEXT NOT NULL,
  beneficiaries    INTEGER NOT NULL CHECK (beneficiaries >= 0),
  activities       TEXT NOT NULL,
  indicators       TEXT NOT NULL,          -- outputs and outcomes with targets, one per line
  community_code   TEXT,                   -- the partner community where the service is delivered
  volunteers       INTEGER NOT NULL CHECK (volunteers >= 0),
  amount_yuan      INTEGER NOT NULL CHECK (amount_yuan >= 0),
  status           TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'withdrawn', 'in_review', 'awarded', 'rejected')),
  return_reason    TEXT NOT NULL DEFAULT '',
  submitted_at     TEXT,
  version          INTEGER NOT NULL DEFAULT 1,
  created_by       TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, call_id, organization_id),
  FOREIGN KEY (district_id, call_id) REFERENCES project_calls (district_id, id),
  FOREIGN KEY (district_id, organization_id) REFERENCES organizations (district_id, id),
  FOREIGN KEY (district_id, category_id) REFERENCES project_categories (district_id, id),
  FOREIGN KEY (district_id, community_code) REFERENCES areas (district_id, code)
);
CREATE INDEX project_bids_by_call ON project_bids (district_id, call_id, status);
CREATE INDEX project_bids_by_organization ON project_bids (district_id, organization_id);

CREATE TRIGGER project_bids_version_check BEFORE UPDATE ON project_bids
WHEN NEW.version IS NOT OLD.version + 1
BEGIN SELECT RAISE(ABORT, 'project_bids.version_conflict'); END;

CREATE TABLE project_bid_lines (
  district_id  TEXT NOT NULL,
  bid_id       TEXT NOT NULL,
  line_no      INTEGER NOT NULL CHECK (line_no BETWEEN 1 AND 50),
  kind         TEXT NOT NULL CHECK (kind IN ('personnel', 'activities', 'materials', 'admin')),
  item         TEXT NOT NULL,
  amount_yuan  INTEGER NOT NULL CHECK (amount_yuan >= 0),
  PRIMARY KEY (district_id, bid_id, line_no),
  FOREIGN KEY (district_id, bid_id) REFERENCES project_bids (district_id, id)
);

-- The project team, chosen from the social-worker registry.
CREATE TABLE project_bid_team (
  district_id  TEXT NOT NULL,
  bid_id       TEXT NOT NULL,
  worker_id    TEXT NOT NULL,
  is_lead      INTEGER NOT NULL CHECK (is_lead IN (0, 1)),
  PRIMARY KEY (district_id, bid_id, worker_id),
  FOREIGN KEY (district_id, bid_id) REFERENCES project_bids (district_id, id),
  FOREIGN KEY (district_id, worker_id) REFERENCES social_workers (district_id, id)
);
CREATE UNIQUE INDEX project_bid_team_one_lead ON project_bid_team (district_id, bid_id) WHERE is_lead = 1;

-- 项目合同 among the buyer, the implementer and the community of delivery, made from an
-- awarded bid. Each party confirms online; the contract is signed when all three have.
CREATE TABLE project_contracts (
  district_id           TEXT NOT NULL,
  id                    TEXT NOT NULL,
  bid_id                TEXT NOT NULL,
  amount_yuan           INTEGER NOT NULL CHECK (amount_yuan > 0),
  starts_on             TEXT NOT NULL,
  ends_on               TEXT NOT NULL,
  deliverables          TEXT NOT NULL,
  status                TEXT NOT NULL CHECK (status IN ('pending', 'signed', 'terminated', 'completed')),
  buyer_confirmed_by    TEXT,
  buyer_confirmed_at    TEXT,
  implementer_confirmed_by TEXT,
  implementer_confirmed_at TEXT,
  community_confirmed_by   TEXT,
  community_confirmed_at   TEXT,
  version               INTEGER NOT NULL DEFAULT 1,
  created_by            TEXT,
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, bid_id),
  FOREIGN KEY (district_id, bid_id) REFERENCES project_bids (district_id, id),
  CHECK (ends_on > starts_on)
);
CREATE INDEX project_contracts_by_status ON project_contracts (district_id, status);

CREATE TRIGGER project_contracts_version_check BEFORE UPDATE ON project_contracts
WHEN NEW.version IS NOT OLD.version + 1
BEGIN SELECT RAISE(ABORT, 'project_contracts.version_conflict'); END;

-- The instalment schedule: each instalment becomes due when its gate passes, and is
-- paid once (the guarded release and the trigger below both refuse a second payment).
CREATE TABLE project_instalments (
  district_id    TEXT NOT NULL,
  contract_id    TEXT NOT NULL,
  seq            INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 12),
  share_percent  INTEGER NOT NULL CHECK (share_percent BETWEEN 1 AND 100),
  amount_yuan    INTEGER NOT NULL CHECK (amount_yuan >= 0),
  gate           TEXT NOT NULL CHECK (gate IN ('signing', 'midterm', 'final')),
  status         TEXT NOT NULL CHECK (status IN ('scheduled', 'due', 'paid', 'cancelled')),
  due_on         TEXT,
  paid_on        TEXT,
  payment_ref    TEXT,
  paid_by        TEXT,
  overdue        INTEGER NOT NULL DEFAULT 0 CHECK (overdue IN (0, 1)),
  PRIMARY KEY (district_id, contract_id, seq),
  FOREIGN KEY (district_id, contract_id) REFERENCES project_contracts (district_id, id)
);
CREATE INDEX project_instalments_by_status ON project_instalments (district_id, status, due_on);

CREATE TRIGGER project_instalments_paid_once BEFORE UPDATE ON project_instalments
WHEN OLD.status = 'paid' AND NEW.status IS NOT 'paid'
  OR OLD.status = 'paid' AND NEW.paid_on IS NOT OLD.paid_on
BEGIN SELECT RAISE(ABORT, 'project_instalments.already_paid'); END;

-- Delivery: service records (community staff of the community of delivery confirm
-- them) and expenditures against the budget lines of the bid.
CREATE TABLE project_service_records (
  district_id   TEXT NOT NULL,
  id            TEXT NOT NULL,
  contract_id   TEXT NOT NULL,
  held_on       TEXT NOT NULL,
  place         TEXT NOT NULL,
  participants  INTEGER NOT NULL CHECK (participants BETWEEN 0 AND 100000),
  summary       TEXT NOT NULL,
  worker_id     TEXT,                    -- the team member who led it
  confirmed_by  TEXT,
  confirmed_at  TEXT,
  created_by    TEXT,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, contract_id) REFERENCES project_contracts (district_id, id),
  FOREIGN KEY (district_id, worker_id) REFERENCES social_workers (district_id, id)
);
CREATE INDEX project_service_records_by_contract ON project_service_records (district_id, contract_id, held_on);

CREATE TABLE project_expenditures (
  district_id   TEXT NOT NULL,
  id            TEXT NOT NULL,
  contract_id   TEXT NOT NULL,
  line_no       INTEGER NOT NULL,
  spent_on      TEXT NOT NULL,
  amount_yuan   INTEGER NOT NULL CHECK (amount_yuan > 0),
  description   TEXT NOT NULL,
  created_by    TEXT,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, contract_id) REFERENCES project_contracts (district_id, id)
);
CREATE INDEX project_expenditures_by_contract ON project_expenditures (district_id, contract_id, line_no);
