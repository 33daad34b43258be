-- Admin and security (SPEC §2.6, §4). Keep in step with migrations/sqlite/0005_admin.sql.
--
-- A password an admin generated for a user is temporary: the user must choose their own at
-- the next sign-in before doing anything else.
ALTER TABLE users ADD COLUMN password_temporary BOOLEAN NOT NULL DEFAULT FALSE;

-- The History of changes page: the whole tenant's log newest first, or one user's.
CREATE INDEX audit_log_by_at ON audit_log (tenant_id, at, id);
CREATE INDEX audit_log_by_user ON audit_log (tenant_id, user_id, at, id);
