-- Areas keep their history. A 社区 the statistics bureau revokes (已撤销) stays in the
-- table, inactive, so that the records that name it still read; it is no longer offered
-- for new records. Re-importing the code list updates names and status in place.
ALTER TABLE areas ADD COLUMN status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked'));

-- A claim to act for an organization carries its registration certificate (登记证书),
-- for staff to compare with the registry before verifying. Claims filed before have none.
ALTER TABLE organization_claims ADD COLUMN r2_key TEXT;
ALTER TABLE organization_claims ADD COLUMN certificate_type TEXT;
