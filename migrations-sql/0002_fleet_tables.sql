-- Every other table of the fleet: disk, network, process and container series, the
-- newest values per mount and interface, containers, host groups and alert rules.

CREATE TABLE disk_metrics_template (
  host_id               uuid NOT NULL,
  recorded_at           timestamptz NOT NULL,
  device                text NOT NULL,
  mount_point           text NOT NULL,
  filesystem            text,
  read_only             boolean,

  total_bytes           bigint,
  used_bytes            bigint,
  free_bytes            bigint,
  usage_percent         double precision,

  inodes_total          bigint,
  inodes_used           bigint,
  inodes_free           bigint,
  inodes_usage_percent  double precision,

  -- Deltas over the report's interval, not totals since boot.
  read_bytes            bigint,
  write_bytes           bigint,
  read_ops              bigint,
  write_ops             bigint,
  io_time_percent       double precision
);
CREATE INDEX disk_metrics_template_series_idx ON disk_metrics_template (host_id, mount_point, recorded_at);

CREATE TABLE disk_latest (LIKE disk_metrics_template INCLUDING DEFAULTS);
ALTER TABLE disk_latest
  ADD PRIMARY KEY (host_id, mount_point),
  ADD FOREIGN KEY (host_id) REFERENCES hosts (id) ON DELETE CASCADE;

SELECT sentinel_create_series_table('disk_metrics', 'disk_metrics_template');

CREATE TABLE network_metrics_template (
  host_id           uuid NOT NULL,
  recorded_at       timestamptz NOT NULL,
  interface         text NOT NULL,

  -- Deltas over the report's interval, not totals since boot.
  bytes_sent        bigint,
  bytes_received    bigint,
  packets_sent      bigint,
  packets_received  bigint,
  errors_in         bigint,
  errors_out        bigint,
  drops_in          bigint,
  drops_out         bigint
);
CREATE INDEX network_metrics_template_series_idx ON network_metrics_template (host_id, interface, recorded_at);

CREATE TABLE network_latest (LIKE network_metrics_template INCLUDING DEFAULTS);
ALTER TABLE network_latest
  ADD PRIMARY KEY (host_id, interface),
  ADD FOREIGN KEY (host_id) REFERENCES hosts (id) ON DELETE CASCADE;

SELECT sentinel_create_series_table('network_metrics', 'network_metrics_template');

CREATE TABLE process_snapshots_template (
  host_id           uuid NOT NULL,
  recorded_at       timestamptz NOT NULL,
  pid               integer NOT NULL,
  ppid              integer,
  name              text NOT NULL,
  command           text,
  -- `user` is a reserved word in SQL.
  user_name         text,
  state             text,

  cpu_percent       double precision,
  memory_percent    double precision,
  memory_rss_bytes  bigint,
  memory_vms_bytes  bigint,

  io_read_bytes     bigint,
  io_write_bytes    bigint,

  threads_count     integer,
  fd_count          integer,

  cpu_time_ms       bigint,
  started_at        timestamptz
);
CREATE INDEX process_snapshots_template_host_idx ON process_snapshots_template (host_id, recorded_at);

SELECT sentinel_create_series_table('process_snapshots', 'process_snapshots_template');

-- Containers are a registry like hosts. Environment variables are never stored: they
-- routinely hold passwords and tokens.
CREATE TABLE containers (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  host_id             uuid NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
  container_id        text NOT NULL,
  name                text NOT NULL,
  image               text,
  image_id            text,
  runtime             text,
  status              text,
  started_at          timestamptz,
  finished_at         timestamptz,
  exit_code           integer,
  memory_limit_bytes  bigint,
  cpu_limit           double precision,
  network_mode        text,
  port_mappings       jsonb NOT NULL DEFAULT '[]',
  labels              jsonb NOT NULL DEFAULT '{}',
  last_seen_at        timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),

  UNIQUE (host_id, container_id)
);
CREATE INDEX containers_host_status_idx ON containers (host_id, status);

CREATE TABLE container_metrics_template (
  -- containers.id; host_id is repeated so host deletion and retention need no join.
  container_id          uuid NOT NULL,
  host_id               uuid NOT NULL,
  recorded_at           timestamptz NOT NULL,

  cpu_usage_percent     double precision,
  cpu_throttled_periods bigint,
  cpu_throttled_time_ns bigint,

  memory_used_bytes     bigint,
  memory_limit_bytes    bigint,
  memory_usage_percent  double precision,
  memory_cache_bytes    bigint,
  memory_rss_bytes      bigint,

  -- Deltas over the report's interval.
  network_rx_bytes      bigint,
  network_tx_bytes      bigint,
  network_rx_packets    bigint,
  network_tx_packets    bigint,
  block_read_bytes      bigint,
  block_write_bytes     bigint,

  pids_current          integer,
  pids_limit            integer
);
CREATE INDEX container_metrics_template_series_idx ON container_metrics_template (container_id, recorded_at);

CREATE TABLE container_latest (LIKE container_metrics_template INCLUDING DEFAULTS);
ALTER TABLE container_latest
  ADD PRIMARY KEY (container_id),
  ADD FOREIGN KEY (container_id) REFERENCES containers (id) ON DELETE CASCADE;

SELECT sentinel_create_series_table('container_metrics', 'container_metrics_template');

CREATE TABLE host_groups (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id         uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name               text NOT NULL,
  description        text,
  color              text,
  -- [{ "field": "role", "operator": "eq", "value": "web" }, ...]; all must match.
  auto_assign_rules  jsonb NOT NULL DEFAULT '[]',
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),

  UNIQUE (project_id, name)
);

ALTER TABLE hosts ADD COLUMN host_group_id uuid REFERENCES host_groups (id) ON DELETE SET NULL;
CREATE INDEX hosts_host_group_id_idx ON hosts (host_group_id);

CREATE TABLE alert_rules (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id        uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name              text NOT NULL,
  enabled           boolean NOT NULL DEFAULT true,

  scope_type        text NOT NULL CHECK (scope_type IN ('all', 'group', 'host', 'tag')),
  scope_host_id     uuid REFERENCES hosts (id) ON DELETE CASCADE,
  scope_group_id    uuid REFERENCES host_groups (id) ON DELETE CASCADE,
  scope_tags        jsonb NOT NULL DEFAULT '{}',

  metric            text NOT NULL,
  operator          text NOT NULL CHECK (operator IN ('gt', 'gte', 'lt', 'lte', 'eq')),
  threshold         double precision NOT NULL,
  aggregation       text NOT NULL DEFAULT 'avg' CHECK (aggregation IN ('avg', 'max', 'min', 'sum')),
  -- How long a breach must last before the alert fires.
  duration_seconds  integer NOT NULL DEFAULT 300 CHECK (duration_seconds >= 0),

  mount_point       text,
  interface         text,
  severity          text NOT NULL DEFAULT 'warning' CHECK (severity IN ('info', 'warning', 'critical')),

  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_rules_project_enabled_idx ON alert_rules (project_id, enabled);

-- Alert state per rule and host, and per mount point or interface for rules on those
-- (subject is '' otherwise), so that one host resolving never hides another firing.
CREATE TABLE alert_states (
  rule_id            uuid NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
  host_id            uuid NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
  subject            text NOT NULL DEFAULT '',
  state              text NOT NULL CHECK (state IN ('ok', 'pending', 'firing', 'resolved')),
  value              double precision,
  pending_since      timestamptz,
  fired_at           timestamptz,
  resolved_at        timestamptz,
  last_evaluated_at  timestamptz NOT NULL DEFAULT now(),

  PRIMARY KEY (rule_id, host_id, subject)
);

CREATE TABLE alert_events (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id  uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  rule_id     uuid NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
  host_id     uuid NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
  subject     text NOT NULL DEFAULT '',
  from_state  text NOT NULL,
  to_state    text NOT NULL,
  value       double precision,
  threshold   double precision NOT NULL,
  severity    text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_events_project_created_idx ON alert_events (project_id, created_at DESC);
