-- Public forums (the policy asks for one at least every three months in each village or commune).
CREATE TABLE forums (
  id                 bigserial PRIMARY KEY,
  area_code          text NOT NULL,           -- a village (8 digits) or commune (6) code
  level              text NOT NULL CHECK (level IN ('village', 'commune')),
  commune_code       text NOT NULL REFERENCES areas(code),
  held_on            date NOT NULL,
  attendance         integer NOT NULL CHECK (attendance >= 0),
  topics             text[] NOT NULL DEFAULT '{}',
  notes              text,
  synthetic          boolean NOT NULL DEFAULT false,
  created_by         integer REFERENCES users(id) ON DELETE SET NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (area_code, held_on)
);
CREATE INDEX forums_commune_idx ON forums (commune_code, held_on);
CREATE INDEX forums_held_idx ON forums (held_on);

-- Pilot plans: villages or communes chosen as pilot areas from a start date.
CREATE TABLE pilot_plans (
  id                 bigserial PRIMARY KEY,
  name               text NOT NULL,
  level              text NOT NULL CHECK (level IN ('village', 'commune')),
  start_date         date NOT NULL,
  rationale          text NOT NULL DEFAULT '',
  author             text NOT NULL,
  created_by         integer REFERENCES users(id) ON DELETE SET NULL,
  synthetic          boolean NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE pilot_plan_areas (
  plan_id            bigint NOT NULL REFERENCES pilot_plans(id) ON DELETE CASCADE,
  code               text NOT NULL,
  PRIMARY KEY (plan_id, code)
);
