-- Schema version 1: the network, people, events and bridge points, and the
-- tables the media, archive and training work fills later.
-- Times are Unix seconds in UTC unless a column says _ms (milliseconds).
-- Applied by PlnStore inside one transaction, then PRAGMA user_version = 1.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- A place of the health network. district_id is the district-level site the
-- place lies in (the site itself for a district, NULL above district level),
-- kept so that "by district" reports need no recursive walk.
CREATE TABLE sites (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  level       TEXT NOT NULL
              CHECK (level IN ('province', 'unit', 'district', 'commune', 'village')),
  parent_id   INTEGER REFERENCES sites (id) ON DELETE RESTRICT,
  district_id INTEGER REFERENCES sites (id) ON DELETE RESTRICT,
  address     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sites_parent ON sites (parent_id);
CREATE INDEX sites_district ON sites (district_id);
CREATE INDEX sites_level ON sites (level);

-- signin_code is the personal secret staff type into the portal; it is never
-- exported unless asked for.
CREATE TABLE people (
  id           INTEGER PRIMARY KEY,
  staff_number TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  title        TEXT NOT NULL DEFAULT '',
  site_id      INTEGER NOT NULL REFERENCES sites (id) ON DELETE RESTRICT,
  phone        TEXT NOT NULL DEFAULT '',
  email        TEXT NOT NULL DEFAULT '',
  signin_code  TEXT NOT NULL UNIQUE
);
CREATE INDEX people_site ON people (site_id);

-- uid and sequence are for iCalendar (stable UID, SEQUENCE on change).
-- lead/tail are per-event overrides of the scheduler's defaults (NULL: default).
CREATE TABLE events (
  id           INTEGER PRIMARY KEY,
  uid          TEXT NOT NULL UNIQUE,
  kind         TEXT NOT NULL CHECK (kind IN ('conference', 'training', 'workshop')),
  title        TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT '',
  starts_at    INTEGER NOT NULL,
  ends_at      INTEGER NOT NULL,
  host_site_id INTEGER REFERENCES sites (id) ON DELETE SET NULL,
  lead_seconds INTEGER,
  tail_seconds INTEGER,
  sequence     INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX events_starts ON events (starts_at);

CREATE TABLE agenda_items (
  id            INTEGER PRIMARY KEY,
  event_id      INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  title         TEXT NOT NULL,
  speaker       TEXT NOT NULL DEFAULT '',
  planned_start INTEGER,
  UNIQUE (event_id, position)
);

-- One site taking part in one event. reported_count is NULL until the site
-- (or the organiser) reports it. token is 128 random bits as 32 hex digits.
CREATE TABLE bridge_points (
  id             INTEGER PRIMARY KEY,
  event_id       INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  site_id        INTEGER NOT NULL REFERENCES sites (id) ON DELETE RESTRICT,
  is_host        INTEGER NOT NULL DEFAULT 0 CHECK (is_host IN (0, 1)),
  expected_count INTEGER NOT NULL DEFAULT 0 CHECK (expected_count >= 0),
  reported_count INTEGER CHECK (reported_count >= 0),
  reported_at    INTEGER,
  link_status    TEXT NOT NULL DEFAULT 'waiting'
                 CHECK (link_status IN ('waiting', 'connected', 'lost')),
  link_since     INTEGER,
  technician_id  INTEGER REFERENCES people (id) ON DELETE SET NULL,
  source_uri     TEXT NOT NULL DEFAULT '',
  token          TEXT NOT NULL UNIQUE,
  UNIQUE (event_id, site_id)
);
CREATE INDEX bridge_points_event ON bridge_points (event_id);
CREATE INDEX bridge_points_site ON bridge_points (site_id);

-- Every change of a point's link status, so "lost since 08:42" and
-- "connected 2 h 10 min in all" can be shown and reported.
CREATE TABLE link_changes (
  id         INTEGER PRIMARY KEY,
  point_id   INTEGER NOT NULL REFERENCES bridge_points (id) ON DELETE CASCADE,
  status     TEXT NOT NULL CHECK (status IN ('waiting', 'connected', 'lost')),
  changed_at INTEGER NOT NULL
);
CREATE INDEX link_changes_point ON link_changes (point_id, changed_at);

-- The delegates expected at a point, with a presence mark each.
CREATE TABLE delegates (
  point_id  INTEGER NOT NULL REFERENCES bridge_points (id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  present   INTEGER NOT NULL DEFAULT 0 CHECK (present IN (0, 1)),
  marked_at INTEGER,
  PRIMARY KEY (point_id, person_id)
) WITHOUT ROWID;

-- Link probe results (the scheduler's pre-event check), newest per point wins.
CREATE TABLE probe_results (
  id          INTEGER PRIMARY KEY,
  point_id    INTEGER NOT NULL REFERENCES bridge_points (id) ON DELETE CASCADE,
  probed_at   INTEGER NOT NULL,
  ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
  summary     TEXT NOT NULL DEFAULT '',
  error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX probe_results_point ON probe_results (point_id, probed_at);

-- A recording: one continuous capture of one source, made of segments.
-- public_id is random (never a sequential number) and names it on the portal.
-- folder is relative to the library folder (settings key 'library-path').
CREATE TABLE recordings (
  id            INTEGER PRIMARY KEY,
  public_id     TEXT NOT NULL UNIQUE,
  event_id      INTEGER REFERENCES events (id) ON DELETE SET NULL,
  point_id      INTEGER REFERENCES bridge_points (id) ON DELETE SET NULL,
  title         TEXT NOT NULL,
  description   TEXT NOT NULL DEFAULT '',
  source_uri    TEXT NOT NULL DEFAULT '',
  folder        TEXT NOT NULL UNIQUE,
  state         TEXT NOT NULL DEFAULT 'recording'
                CHECK (state IN ('scheduled', 'recording', 'stopped', 'packaging',
                                 'ready', 'failed')),
  visibility    TEXT NOT NULL DEFAULT 'draft'
                CHECK (visibility IN ('draft', 'staff', 'public')),
  started_at    INTEGER,
  ended_at      INTEGER,
  duration_ms   INTEGER NOT NULL DEFAULT 0,
  trim_start_ms INTEGER NOT NULL DEFAULT 0,
  trim_end_ms   INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);
CREATE INDEX recordings_event ON recordings (event_id);

CREATE TABLE segments (
  id           INTEGER PRIMARY KEY,
  recording_id INTEGER NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  path         TEXT NOT NULL,
  offset_ms    INTEGER NOT NULL DEFAULT 0,
  duration_ms  INTEGER NOT NULL DEFAULT 0,
  bytes        INTEGER NOT NULL DEFAULT 0,
  gap_before_ms INTEGER NOT NULL DEFAULT 0,
  UNIQUE (recording_id, position)
);

CREATE TABLE chapters (
  id           INTEGER PRIMARY KEY,
  recording_id INTEGER NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
  offset_ms    INTEGER NOT NULL,
  title        TEXT NOT NULL
);
CREATE INDEX chapters_recording ON chapters (recording_id, offset_ms);

-- Packaged outputs of a recording (mp4, hls, low, audio, poster, thumbnail).
CREATE TABLE outputs (
  id           INTEGER PRIMARY KEY,
  recording_id INTEGER NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
  kind         TEXT NOT NULL,
  path         TEXT NOT NULL,
  bytes        INTEGER NOT NULL DEFAULT 0,
  UNIQUE (recording_id, kind, path)
);

-- A course: an ordered list of recordings (or chapters) an audience must
-- watch. audience is a site-selection rule (see pln-site-rule.h) and/or a
-- role filter; completion_percent is per item, target_percent of the audience.
CREATE TABLE courses (
  id                 INTEGER PRIMARY KEY,
  title              TEXT NOT NULL,
  description        TEXT NOT NULL DEFAULT '',
  audience_rule      TEXT NOT NULL DEFAULT '',
  audience_role      TEXT NOT NULL DEFAULT '',
  completion_percent INTEGER NOT NULL DEFAULT 90
                     CHECK (completion_percent BETWEEN 1 AND 100),
  target_percent     INTEGER NOT NULL DEFAULT 90
                     CHECK (target_percent BETWEEN 1 AND 100),
  target_date        INTEGER,
  created_at         INTEGER NOT NULL
);

CREATE TABLE course_items (
  id           INTEGER PRIMARY KEY,
  course_id    INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  recording_id INTEGER NOT NULL REFERENCES recordings (id) ON DELETE RESTRICT,
  chapter_id   INTEGER REFERENCES chapters (id) ON DELETE SET NULL,
  UNIQUE (course_id, position)
);

-- Watched intervals of a recording per person, kept merged (no overlaps
-- for one person and recording), in milliseconds of recording time.
CREATE TABLE progress (
  id           INTEGER PRIMARY KEY,
  person_id    INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  recording_id INTEGER NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
  start_ms     INTEGER NOT NULL,
  end_ms       INTEGER NOT NULL,
  origin       TEXT NOT NULL DEFAULT 'app' CHECK (origin IN ('app', 'portal', 'live')),
  updated_at   INTEGER NOT NULL,
  CHECK (end_ms > start_ms)
);
CREATE INDEX progress_person ON progress (person_id, recording_id, start_ms);
CREATE INDEX progress_recording ON progress (recording_id);
