-- District onboarding and administration (see src/modules/onboarding).

-- The district's public profile beyond its names: the bureau's address, office phone,
-- contact e-mail and the short text shown as its mark. Public information only.
ALTER TABLE districts ADD COLUMN profile_json TEXT NOT NULL DEFAULT '{}';

-- Which steps of the onboarding wizard the district admin has completed, so that the
-- wizard can be left and resumed: {"steps": ["profile", ...]}.
ALTER TABLE districts ADD COLUMN onboarding_json TEXT NOT NULL DEFAULT '{}';

-- The status a suspended district returns to when reactivated (a district suspended
-- while still onboarding goes back to onboarding, not live).
ALTER TABLE districts ADD COLUMN suspended_from TEXT CHECK (suspended_from IN ('onboarding', 'active'));

-- Optimistic concurrency for edits of the row: every change bumps it, and an edit
-- made against an older version is refused instead of silently overwriting.
ALTER TABLE districts ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
