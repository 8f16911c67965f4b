-- The area each item on a public notice belongs to (a 街道 or 社区 code; '' for the whole
-- district), so an objection reaches the staff who handle that area's subjects and the
-- district's, not whoever happened to hold the publisher's grant.
ALTER TABLE notice_items ADD COLUMN area_code TEXT NOT NULL DEFAULT '';

-- Items published before the column existed take their subject's area, kind by kind:
-- an incubation application its park's, a project bid its call's, an evaluation its
-- organization's. An assessment is the district's own (its areas are what it ranks).
UPDATE notice_items SET area_code = coalesce((
  SELECT parks.area_code FROM applications
  JOIN calls ON calls.district_id = applications.district_id AND calls.id = applications.call_id
  JOIN parks ON parks.district_id = calls.district_id AND parks.id = calls.park_id
  WHERE applications.district_id = notice_items.district_id AND applications.id = notice_items.subject_id
), '')
WHERE area_code = '' AND notice_id IN (SELECT id FROM public_notices WHERE public_notices.district_id = notice_items.district_id AND subject_kind = 'incubation_application');
UPDATE notice_items SET area_code = coalesce((
  SELECT project_calls.area_code FROM project_bids
  JOIN project_calls ON project_calls.district_id = project_bids.district_id AND project_calls.id = project_bids.call_id
  WHERE project_bids.district_id = notice_items.district_id AND project_bids.id = notice_items.subject_id
), '')
WHERE area_code = '' AND notice_id IN (SELECT id FROM public_notices WHERE public_notices.district_id = notice_items.district_id AND subject_kind = 'project_bid');
UPDATE notice_items SET area_code = coalesce((
  SELECT organizations.area_code FROM evaluations
  JOIN organizations ON organizations.district_id = evaluations.district_id AND organizations.id = evaluations.organization_id
  WHERE evaluations.district_id = notice_items.district_id AND evaluations.id = notice_items.subject_id
), '')
WHERE area_code = '' AND notice_id IN (SELECT id FROM public_notices WHERE public_notices.district_id = notice_items.district_id AND subject_kind = 'evaluation');
