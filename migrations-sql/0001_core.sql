-- Core registry: projects, their API keys and hosts, plus the helper that turns a
-- metric table into a TimescaleDB hypertable or a natively partitioned table.

CREATE TABLE projects (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  slug        text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Only a SHA-256 hash of the secret is stored; the prefix lets operators tell keys
-- apart in listings without revealing them.
CREATE TABLE api_keys (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id    uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name          text NOT NULL,
  scope         text NOT NULL CHECK (scope IN ('admin', 'read', 'ingest')),
  prefix        text NOT NULL,
  secret_hash   text NOT NULL UNIQUE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);
CREATE INDEX api_keys_project_id_idx ON api_keys (project_id);

CREATE TABLE hosts (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id           uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,

  name                 text NOT NULL,
  hostname             text NOT NULL,
  agent_id             text NOT NULL,

  os                   text,
  os_version           text,
  kernel_version       text,
  architecture         text,

  cpu_cores            integer,
  cpu_threads          integer,
  cpu_model            text,
  memory_total_bytes   bigint,
  swap_total_bytes     bigint,

  ip_addresses         text[] NOT NULL DEFAULT '{}',
  public_ip            text,
  private_ip           text,
  mac_addresses        text[] NOT NULL DEFAULT '{}',

  cloud_provider       text,
  cloud_region         text,
  cloud_zone           text,
  instance_type        text,
  instance_id          text,

  agent_version        text,
  agent_started_at     timestamptz,
  boot_time            timestamptz,
  last_seen_at         timestamptz,
  status               text NOT NULL DEFAULT 'unknown'
                       CHECK (status IN ('unknown', 'online', 'offline', 'warning', 'critical')),
  -- Server clock minus the agent's clock at the newest report, in milliseconds.
  clock_skew_ms        double precision,

  environment          text,
  role                 text,
  tags                 jsonb NOT NULL DEFAULT '{}',

  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),

  UNIQUE (project_id, agent_id)
);
CREATE INDEX hosts_project_status_idx ON hosts (project_id, status);
CREATE INDEX hosts_project_environment_idx ON hosts (project_id, environment);
CREATE INDEX hosts_project_role_idx ON hosts (project_id, role);
CREATE INDEX hosts_project_name_idx ON hosts (project_id, name);
CREATE INDEX hosts_last_seen_at_idx ON hosts (last_seen_at);

-- Reports ever stored, by the id the agent gave them. Ingest inserts here first, in
-- the same transaction as the metric rows, so a retried report is stored once.
CREATE TABLE ingested_reports (
  report_id     uuid PRIMARY KEY,
  host_id       uuid NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
  collected_at  timestamptz NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ingested_reports_received_at_idx ON ingested_reports (received_at);

-- Whether this database stores series in TimescaleDB hypertables. The extension must
-- be both installed and preloaded (shared_preload_libraries), or CREATE EXTENSION fails.
CREATE FUNCTION sentinel_timescaledb_usable() RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')
     AND current_setting('shared_preload_libraries', true) LIKE '%timescaledb%'
$$;

DO $$
BEGIN
  IF sentinel_timescaledb_usable() THEN
    CREATE EXTENSION IF NOT EXISTS timescaledb;
  END IF;
END
$$;

-- Daily partitions of a natively partitioned table, from first_day for day_count days.
-- Days are UTC days whatever the session time zone. Existing partitions are kept.
CREATE FUNCTION sentinel_create_daily_partitions(parent regclass, first_day date, day_count integer)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  day         date;
  part_name   text;
  created     integer := 0;
BEGIN
  FOR i IN 0 .. day_count - 1 LOOP
    day := first_day + i;
    part_name := format('%s_p%s', parent::text, to_char(day, 'YYYYMMDD'));
    IF to_regclass(part_name) IS NULL THEN
      EXECUTE format(
        'CREATE TABLE %I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
        part_name, parent, day::timestamp AT TIME ZONE 'UTC', (day + 1)::timestamp AT TIME ZONE 'UTC'
      );
      created := created + 1;
    END IF;
  END LOOP;
  RETURN created;
END
$$;

-- Creates the time-series table `name` with the columns, defaults, constraints and
-- indexes of `template` (a plain table written as ordinary DDL), then drops the
-- template. Each metric table is thus declared once for both backends.
--
-- With TimescaleDB the table becomes a hypertable in daily chunks. Without it the table
-- is PARTITION BY RANGE (recorded_at) with a default partition, so a row outside the
-- days made ahead is still stored, and daily partitions from yesterday to a week
-- ahead; the partition job keeps them ahead. Metric tables carry no foreign keys:
-- checking hosts for every row would slow ingest, and host deletion removes the series.
CREATE FUNCTION sentinel_create_series_table(name text, template regclass) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  use_timescaledb boolean := sentinel_timescaledb_usable();
BEGIN
  EXECUTE format(
    'CREATE TABLE %I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES) %s',
    name, template,
    CASE WHEN use_timescaledb THEN '' ELSE 'PARTITION BY RANGE (recorded_at)' END
  );
  EXECUTE format('DROP TABLE %s', template);

  IF use_timescaledb THEN
    PERFORM create_hypertable(name::regclass, by_range('recorded_at', INTERVAL '1 day'));
    RETURN 'hypertable';
  END IF;

  EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', name || '_default', name);
  PERFORM sentinel_create_daily_partitions(name::regclass, (now() AT TIME ZONE 'UTC')::date - 1, 9);
  RETURN 'partitioned';
END
$$;

CREATE TABLE host_metrics_template (
  host_id                 uuid NOT NULL,
  recorded_at             timestamptz NOT NULL,

  cpu_usage_percent       double precision,
  cpu_user_percent        double precision,
  cpu_system_percent      double precision,
  cpu_iowait_percent      double precision,
  cpu_steal_percent       double precision,
  cpu_per_core_percent    double precision[],
  load_1m                 double precision,
  load_5m                 double precision,
  load_15m                double precision,

  memory_used_bytes       bigint,
  memory_free_bytes       bigint,
  memory_available_bytes  bigint,
  memory_cached_bytes     bigint,
  memory_buffers_bytes    bigint,
  memory_usage_percent    double precision,

  swap_used_bytes         bigint,
  swap_free_bytes         bigint,
  swap_usage_percent      double precision,

  processes_total         integer,
  processes_running       integer,
  processes_blocked       integer,
  processes_zombie        integer,

  -- System-wide TCP socket counts. The original sketch kept these on the first network
  -- interface's row; they describe the host, so they live here.
  tcp_connections         integer,
  tcp_established         integer,
  tcp_time_wait           integer,
  tcp_close_wait          integer,

  uptime_seconds          bigint,

  PRIMARY KEY (host_id, recorded_at)
);

-- The newest sample of each host, written by ingest, so that lists, the fleet overview
-- and status never scan the series.
CREATE TABLE host_latest (LIKE host_metrics_template INCLUDING DEFAULTS);
ALTER TABLE host_latest
  ADD PRIMARY KEY (host_id),
  ADD FOREIGN KEY (host_id) REFERENCES hosts (id) ON DELETE CASCADE,
  -- Fullest filesystem that can fill up (pseudo and read-only ones are left out).
  ADD COLUMN disk_max_usage_percent double precision;

SELECT sentinel_create_series_table('host_metrics', 'host_metrics_template');
