-- Searching organizations by any part of their name. Nearly every name starts with its
-- city or district (昆都仑区阳光…), so a prefix search on name_key misses what people
-- type: "阳光", "助老", "社工". A trigram full-text index cannot match those one- and
-- two-character words, so each name's characters and pairs of adjacent characters
-- are kept here instead, taken from name_key's form (spaces removed, ASCII lower-cased).
-- A query of one or two characters is one index lookup; a longer one needs every one of
-- its pairs and is then checked against name_key (src/lib/name-search.ts).
CREATE TABLE name_grams (
  district_id  TEXT NOT NULL,
  subject      TEXT NOT NULL CHECK (subject IN ('organization')),
  gram         TEXT NOT NULL,   -- one character or two adjacent ones
  ref_id       TEXT NOT NULL,
  PRIMARY KEY (district_id, subject, gram, ref_id)
);
CREATE INDEX name_grams_by_ref ON name_grams (district_id, subject, ref_id);

-- Positions 1–128 within a name (names are at most 100 characters): a trigger cannot
-- use a recursive query to walk a string, but it can join this table.
CREATE TABLE name_gram_positions (n INTEGER PRIMARY KEY);
WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < 128)
INSERT INTO name_gram_positions (n) SELECT n FROM p;

INSERT OR IGNORE INTO name_grams (district_id, subject, gram, ref_id)
SELECT o.district_id, 'organization', substr(lower(replace(replace(o.name, ' ', ''), '　', '')), p.n, 1), o.id
FROM organizations o JOIN name_gram_positions p ON p.n <= length(lower(replace(replace(o.name, ' ', ''), '　', '')));
INSERT OR IGNORE INTO name_grams (district_id, subject, gram, ref_id)
SELECT o.district_id, 'organization', substr(lower(replace(replace(o.name, ' ', ''), '　', '')), p.n, 2), o.id
FROM organizations o JOIN name_gram_positions p ON p.n < length(lower(replace(replace(o.name, ' ', ''), '　', '')));

-- Kept in step with every writer (sign-up, staff, claims, imports) by triggers, in the
-- same statement as the change. The rows are derived, so a bulk load (restore, move)
-- does not copy them: these triggers make them again as the organizations go in, and
-- the data export leaves them out.
CREATE TRIGGER organizations_name_grams_insert AFTER INSERT ON organizations
BEGIN
  INSERT OR IGNORE INTO name_grams (district_id, subject, gram, ref_id)
  SELECT NEW.district_id, 'organization', substr(k.key, p.n, 1), NEW.id
  FROM (SELECT lower(replace(replace(NEW.name, ' ', ''), '　', '')) AS key) k JOIN name_gram_positions p ON p.n <= length(k.key);
  INSERT OR IGNORE INTO name_grams (district_id, subject, gram, ref_id)
  SELECT NEW.district_id, 'organization', substr(k.key, p.n, 2), NEW.id
  FROM (SELECT lower(replace(replace(NEW.name, ' ', ''), '　', '')) AS key) k JOIN name_gram_positions p ON p.n < length(k.key);
END;

CREATE TRIGGER organizations_name_grams_rename AFTER UPDATE OF name ON organizations
WHEN NEW.name IS NOT OLD.name
BEGIN
  DELETE FROM name_grams WHERE district_id = OLD.district_id AND subject = 'organization' AND ref_id = OLD.id;
  INSERT OR IGNORE INTO name_grams (district_id, subject, gram, ref_id)
  SELECT NEW.district_id, 'organization', substr(k.key, p.n, 1), NEW.id
  FROM (SELECT lower(replace(replace(NEW.name, ' ', ''), '　', '')) AS key) k JOIN name_gram_positions p ON p.n <= length(k.key);
  INSERT OR IGNORE INTO name_grams (district_id, subject, gram, ref_id)
  SELECT NEW.district_id, 'organization', substr(k.key, p.n, 2), NEW.id
  FROM (SELECT lower(replace(replace(NEW.name, ' ', ''), '　', '')) AS key) k JOIN name_gram_positions p ON p.n < length(k.key);
END;

CREATE TRIGGER organizations_name_grams_delete AFTER DELETE ON organizations
BEGIN
  DELETE FROM name_grams WHERE district_id = OLD.district_id AND subject = 'organization' AND ref_id = OLD.id;
END;
