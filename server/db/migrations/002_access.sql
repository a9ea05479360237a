-- Users, scoped to an area of the admin hierarchy (officers) or to the whole country.
CREATE TABLE users (
  id                 serial PRIMARY KEY,
  username           text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,39}$'),
  display_name       text,
  role               text NOT NULL CHECK (role IN ('admin', 'officer', 'analyst', 'viewer')),
  scope_code         text REFERENCES areas(code),
  password_hash      text NOT NULL,
  disabled           boolean NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL DEFAULT now(),
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'officer') = (scope_code IS NOT NULL))
);

-- Sessions live here so that every app process behind a load balancer shares them. id = sha256(cookie token).
CREATE TABLE sessions (
  id                 text PRIMARY KEY,
  user_id            integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at         timestamptz NOT NULL DEFAULT now(),
  last_seen_at       timestamptz NOT NULL DEFAULT now(),
  expires_at         timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Failed logins per username (known or not): slowed, then locked for a while.
CREATE TABLE login_throttle (
  username           text PRIMARY KEY,
  failures           integer NOT NULL DEFAULT 0,
  locked_until       timestamptz,
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Every create, update, delete, import and export (and each login), with who, when, where and what.
CREATE TABLE audit_log (
  id                 bigserial PRIMARY KEY,
  at                 timestamptz NOT NULL DEFAULT now(),
  user_id            integer,
  username           text,
  action             text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'import', 'export', 'login', 'login_failed', 'logout', 'password')),
  method             text NOT NULL,
  route              text NOT NULL,
  entity             text,
  entity_id          text,
  before             jsonb,
  after              jsonb,
  summary            jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_user_idx ON audit_log (username, at);

-- Imports are staged in checkpointed batches and moved into incidents in one final transaction:
-- a process killed mid-import leaves no incident behind, and the next import clears the stale stage.
CREATE TABLE imports (
  id                 bigserial PRIMARY KEY,
  user_id            integer REFERENCES users(id) ON DELETE SET NULL,
  username           text,
  source             text NOT NULL,
  content_type       text NOT NULL,
  status             text NOT NULL CHECK (status IN ('staging', 'done', 'failed', 'aborted')),
  bytes              bigint NOT NULL DEFAULT 0,
  rows_read          integer NOT NULL DEFAULT 0,
  rows_staged        integer NOT NULL DEFAULT 0,
  inserted           integer,
  duplicates         integer,
  errors             integer,
  error_message      text,
  started_at         timestamptz NOT NULL DEFAULT now(),
  heartbeat_at       timestamptz NOT NULL DEFAULT now(),
  finished_at        timestamptz
);

CREATE TABLE import_rows (
  import_id          bigint NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  line               integer NOT NULL,
  external_id        text NOT NULL,
  criterion          smallint NOT NULL,
  subtype            text NOT NULL,
  occurred_at        timestamptz NOT NULL,
  village_code       text,
  commune_code       text,
  district_code      text,
  province_code      text,
  lon                float8 NOT NULL,
  lat                float8 NOT NULL,
  precision          text NOT NULL,
  source             text NOT NULL,
  description        text,
  PRIMARY KEY (import_id, line)
);
CREATE INDEX import_rows_external_idx ON import_rows (import_id, external_id);

ALTER TABLE incidents ADD COLUMN import_id bigint REFERENCES imports(id) ON DELETE SET NULL;
ALTER TABLE incidents ADD COLUMN updated_at timestamptz;
