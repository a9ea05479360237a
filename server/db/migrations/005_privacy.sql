-- Cell-key method (docs/privacy.md): every incident carries a secret random record key. A published cell's key is
-- the sum of its records' keys, so the same set of records always gets the same perturbation, and the key is
-- never sent to a client. The default is evaluated once per row (existing rows and every insert).
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS rkey integer NOT NULL DEFAULT floor(random() * 2147483647)::int;

-- Audit: who asked from where, reads of incident-level data, and refusals.
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS client text;
ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check
  CHECK (action IN ('create', 'update', 'delete', 'import', 'export', 'login', 'login_failed', 'logout', 'password', 'password_failed', 'read', 'refused'));
