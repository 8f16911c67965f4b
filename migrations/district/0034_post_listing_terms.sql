-- What every job posting in China states besides the duties: pay (yuan per month, a range
-- or a floor), working hours, the host's public office phone and the closing date for
-- applications (docs/domain.md, social-work posts). Posts made before these fields
-- existed keep them empty and read "not stated".
ALTER TABLE posts ADD COLUMN pay_min INTEGER CHECK (pay_min IS NULL OR pay_min BETWEEN 100 AND 999999);
ALTER TABLE posts ADD COLUMN pay_max INTEGER CHECK (pay_max IS NULL OR (pay_max BETWEEN 100 AND 999999 AND pay_max >= coalesce(pay_min, 0)));
ALTER TABLE posts ADD COLUMN working_hours TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN closes_on TEXT;
