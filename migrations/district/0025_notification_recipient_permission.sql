-- A permission recipient may be reached through a permission other than its kind's (an
-- objection alert goes to the staff of the module that owns the notice). That permission
-- gets a column of its own instead of riding ahead of the area in recipient_ref
-- ("projects.manage@150203"), so the area column holds an area and nothing else.
ALTER TABLE notification_events ADD COLUMN recipient_permission TEXT;

-- Events written in the old form: the permission is what comes before the '@' (area codes
-- are digits, so no plain area contains one), the area what follows it.
UPDATE notification_events
  SET recipient_permission = substr(recipient_ref, 1, instr(recipient_ref, '@') - 1),
      recipient_ref = substr(recipient_ref, instr(recipient_ref, '@') + 1)
  WHERE recipient_type = 'permission' AND instr(recipient_ref, '@') > 0;
