-- The language an invitation is written in, chosen by whoever invites (the invitee has no
-- account yet, so no language of their own): a resend goes in the same language.
ALTER TABLE invitations ADD COLUMN locale TEXT NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en'));
