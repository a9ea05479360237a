-- UTM 48N (EPSG:32648) coordinates in metres, computed once per row by the database (ST_Transform is IMMUTABLE), so
-- grid counts (hot spots) bin incidents by arithmetic without transforming every point on every request.
-- Incidents: their own point. Villages: their point (NULL without one). Areas: their label point (centroid).
ALTER TABLE incidents
  ADD COLUMN IF NOT EXISTS x_utm double precision GENERATED ALWAYS AS (ST_X(ST_Transform(geom, 32648))) STORED,
  ADD COLUMN IF NOT EXISTS y_utm double precision GENERATED ALWAYS AS (ST_Y(ST_Transform(geom, 32648))) STORED;
ALTER TABLE villages
  ADD COLUMN IF NOT EXISTS x_utm double precision GENERATED ALWAYS AS (ST_X(ST_Transform(geom, 32648))) STORED,
  ADD COLUMN IF NOT EXISTS y_utm double precision GENERATED ALWAYS AS (ST_Y(ST_Transform(geom, 32648))) STORED;
ALTER TABLE areas
  ADD COLUMN IF NOT EXISTS cx_utm double precision GENERATED ALWAYS AS (ST_X(ST_Transform(centroid, 32648))) STORED,
  ADD COLUMN IF NOT EXISTS cy_utm double precision GENERATED ALWAYS AS (ST_Y(ST_Transform(centroid, 32648))) STORED;
