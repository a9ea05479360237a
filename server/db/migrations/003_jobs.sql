-- Long analyses (placement solves) run as jobs; their state lives here so every app process can answer GET /api/jobs/{id}.
CREATE TABLE jobs (
  id                 text PRIMARY KEY,
  user_id            integer REFERENCES users(id) ON DELETE SET NULL,
  kind               text NOT NULL,
  status             text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  progress           real NOT NULL DEFAULT 0,
  stage              text,
  params             jsonb NOT NULL,
  result             jsonb,
  error              text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_user_idx ON jobs (user_id, created_at);
