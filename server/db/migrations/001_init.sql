-- Administrative areas: every gazetteer province, district and commune, with or without a polygon.
CREATE TABLE areas (
  code               text PRIMARY KEY,
  level              text NOT NULL CHECK (level IN ('province', 'district', 'commune')),
  parent_code        text REFERENCES areas(code),
  name_en            text NOT NULL,
  name_km            text,
  type_en            text,
  type_km            text,
  population         integer,
  population_year    integer,
  population_complete boolean NOT NULL DEFAULT true,
  has_geometry       boolean NOT NULL,
  -- for a commune with no polygon of its own: the commune polygon that contains it (SOURCES.md covers_codes)
  covered_by         text REFERENCES areas(code),
  name_key           text NOT NULL DEFAULT '',
  name_km_key        text NOT NULL DEFAULT '',
  geom               geometry(MultiPolygon, 4326),
  geom_simple        geometry(MultiPolygon, 4326),
  centroid           geometry(Point, 4326)
);
CREATE INDEX areas_level_idx ON areas (level, parent_code);
CREATE INDEX areas_geom_idx ON areas USING gist (geom);
CREATE INDEX areas_geom_simple_idx ON areas USING gist (geom_simple);

-- Villages: every gazetteer village plus the legacy 2013 points that match none.
CREATE TABLE villages (
  code               text PRIMARY KEY,
  commune_code       text NOT NULL REFERENCES areas(code),
  district_code      text NOT NULL REFERENCES areas(code),
  province_code      text NOT NULL REFERENCES areas(code),
  name_en            text NOT NULL,
  name_km            text,
  code_status        text NOT NULL CHECK (code_status IN ('current', 'legacy_2013_unmatched')),
  has_geometry       boolean NOT NULL,
  households_est     integer,
  population_est     integer,
  population_method  text NOT NULL DEFAULT 'none' CHECK (population_method IN ('households', 'mean_households', 'equal_share', 'none')),
  name_key           text NOT NULL,
  name_km_key        text NOT NULL DEFAULT '',
  geom               geometry(Point, 4326)
);
CREATE INDEX villages_geom_idx ON villages USING gist (geom);
CREATE INDEX villages_commune_idx ON villages (commune_code);
CREATE INDEX villages_name_key_idx ON villages (name_key);

-- Incidents, one row each; area codes are copied from the village (or the containing commune) at import.
CREATE TABLE incidents (
  id                 bigserial PRIMARY KEY,
  external_id        text NOT NULL UNIQUE,
  criterion          smallint NOT NULL CHECK (criterion BETWEEN 1 AND 5),
  subtype            text NOT NULL,
  occurred_at        timestamptz NOT NULL,
  village_code       text REFERENCES villages(code),
  commune_code       text REFERENCES areas(code),
  district_code      text REFERENCES areas(code),
  province_code      text REFERENCES areas(code),
  geom               geometry(Point, 4326) NOT NULL,
  precision          text NOT NULL CHECK (precision IN ('exact', 'village', 'commune')),
  source             text NOT NULL,
  description        text,
  synthetic          boolean NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incidents_geom_idx ON incidents USING gist (geom);
CREATE INDEX incidents_time_idx ON incidents (occurred_at);
CREATE INDEX incidents_criterion_time_idx ON incidents (criterion, occurred_at);
CREATE INDEX incidents_commune_idx ON incidents (commune_code);
CREATE INDEX incidents_district_idx ON incidents (district_code);
CREATE INDEX incidents_province_idx ON incidents (province_code);
CREATE INDEX incidents_village_idx ON incidents (village_code);

-- Administrative police posts.
CREATE TABLE police_posts (
  id                 bigserial PRIMARY KEY,
  code               text NOT NULL UNIQUE,
  name_en            text NOT NULL,
  name_km            text,
  post_type          text NOT NULL CHECK (post_type IN ('commune_post', 'district_station', 'provincial_hq')),
  staff              integer NOT NULL DEFAULT 0 CHECK (staff >= 0),
  commune_code       text REFERENCES areas(code),
  geom               geometry(Point, 4326) NOT NULL,
  synthetic          boolean NOT NULL DEFAULT false
);
CREATE INDEX police_posts_geom_idx ON police_posts USING gist (geom);

-- Facts about the loaded data: geography source, demo seed, and so on.
CREATE TABLE dataset_meta (
  key                text PRIMARY KEY,
  value              jsonb NOT NULL,
  updated_at         timestamptz NOT NULL DEFAULT now()
);
