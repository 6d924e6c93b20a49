-- Rollups of the host, disk, network and container series in 5-minute and 1-hour
-- buckets. docs/rollups.md describes the columns, which series queries rely on.
--
-- On plain PostgreSQL these are tables that the rollup jobs keep up to date. With
-- TimescaleDB the same names are continuous aggregates made in 0022, so the tables
-- are dropped again at the end of this file.
--
-- Buckets start at multiples of the width from 2000-01-03 00:00 UTC, TimescaleDB's
-- time_bucket origin. `samples` counts raw rows; an average skips NULL values.

CREATE TABLE host_metrics_5m (
  host_id                   uuid NOT NULL,
  bucket                    timestamptz NOT NULL,
  samples                   integer NOT NULL,
  cpu_usage_percent_avg     double precision,
  cpu_usage_percent_min     double precision,
  cpu_usage_percent_max     double precision,
  memory_usage_percent_avg  double precision,
  memory_usage_percent_min  double precision,
  memory_usage_percent_max  double precision,
  swap_usage_percent_avg    double precision,
  swap_usage_percent_min    double precision,
  swap_usage_percent_max    double precision,
  load_1m_avg               double precision,
  load_1m_min               double precision,
  load_1m_max               double precision,
  load_5m_avg               double precision,
  load_5m_min               double precision,
  load_5m_max               double precision,
  load_15m_avg              double precision,
  load_15m_min              double precision,
  load_15m_max              double precision,
  processes_total_avg       double precision,
  processes_total_min       integer,
  processes_total_max       integer,

  PRIMARY KEY (host_id, bucket)
);

CREATE TABLE disk_metrics_5m (
  host_id                   uuid NOT NULL,
  mount_point               text NOT NULL,
  bucket                    timestamptz NOT NULL,
  samples                   integer NOT NULL,
  usage_percent_avg         double precision,
  usage_percent_min         double precision,
  usage_percent_max         double precision,
  inodes_usage_percent_avg  double precision,
  inodes_usage_percent_min  double precision,
  inodes_usage_percent_max  double precision,
  io_time_percent_avg       double precision,
  io_time_percent_min       double precision,
  io_time_percent_max       double precision,
  read_bytes_sum            bigint,
  write_bytes_sum           bigint,
  read_ops_sum              bigint,
  write_ops_sum             bigint,

  PRIMARY KEY (host_id, mount_point, bucket)
);

CREATE TABLE network_metrics_5m (
  host_id               uuid NOT NULL,
  interface             text NOT NULL,
  bucket                timestamptz NOT NULL,
  samples               integer NOT NULL,
  bytes_sent_sum        bigint,
  bytes_received_sum    bigint,
  packets_sent_sum      bigint,
  packets_received_sum  bigint,
  errors_in_sum         bigint,
  errors_out_sum        bigint,
  drops_in_sum          bigint,
  drops_out_sum         bigint,

  PRIMARY KEY (host_id, interface, bucket)
);

CREATE TABLE container_metrics_5m (
  container_id              uuid NOT NULL,
  host_id                   uuid NOT NULL,
  bucket                    timestamptz NOT NULL,
  samples                   integer NOT NULL,
  cpu_usage_percent_avg     double precision,
  cpu_usage_percent_min     double precision,
  cpu_usage_percent_max     double precision,
  memory_usage_percent_avg  double precision,
  memory_usage_percent_min  double precision,
  memory_usage_percent_max  double precision,
  memory_used_bytes_avg     double precision,
  memory_used_bytes_min     bigint,
  memory_used_bytes_max     bigint,
  network_rx_bytes_sum      bigint,
  network_tx_bytes_sum      bigint,
  block_read_bytes_sum      bigint,
  block_write_bytes_sum     bigint,

  PRIMARY KEY (container_id, bucket)
);
CREATE INDEX container_metrics_5m_host_bucket_idx ON container_metrics_5m (host_id, bucket);

CREATE TABLE host_metrics_1h (
  host_id                   uuid NOT NULL,
  bucket                    timestamptz NOT NULL,
  samples                   integer NOT NULL,
  cpu_usage_percent_avg     double precision,
  cpu_usage_percent_min     double precision,
  cpu_usage_percent_max     double precision,
  memory_usage_percent_avg  double precision,
  memory_usage_percent_min  double precision,
  memory_usage_percent_max  double precision,
  swap_usage_percent_avg    double precision,
  swap_usage_percent_min    double precision,
  swap_usage_percent_max    double precision,
  load_1m_avg               double precision,
  load_1m_min               double precision,
  load_1m_max               double precision,
  load_5m_avg               double precision,
  load_5m_min               double precision,
  load_5m_max               double precision,
  load_15m_avg              double precision,
  load_15m_min              double precision,
  load_15m_max              double precision,
  processes_total_avg       double precision,
  processes_total_min       integer,
  processes_total_max       integer,

  PRIMARY KEY (host_id, bucket)
);

CREATE TABLE disk_metrics_1h (
  host_id                   uuid NOT NULL,
  mount_point               text NOT NULL,
  bucket                    timestamptz NOT NULL,
  samples                   integer NOT NULL,
  usage_percent_avg         double precision,
  usage_percent_min         double precision,
  usage_percent_max         double precision,
  inodes_usage_percent_avg  double precision,
  inodes_usage_percent_min  double precision,
  inodes_usage_percent_max  double precision,
  io_time_percent_avg       double precision,
  io_time_percent_min       double precision,
  io_time_percent_max       double precision,
  read_bytes_sum            bigint,
  write_bytes_sum           bigint,
  read_ops_sum              bigint,
  write_ops_sum             bigint,

  PRIMARY KEY (host_id, mount_point, bucket)
);

CREATE TABLE network_metrics_1h (
  host_id               uuid NOT NULL,
  interface             text NOT NULL,
  bucket                timestamptz NOT NULL,
  samples               integer NOT NULL,
  bytes_sent_sum        bigint,
  bytes_received_sum    bigint,
  packets_sent_sum      bigint,
  packets_received_sum  bigint,
  errors_in_sum         bigint,
  errors_out_sum        bigint,
  drops_in_sum          bigint,
  drops_out_sum         bigint,

  PRIMARY KEY (host_id, interface, bucket)
);

CREATE TABLE container_metrics_1h (
  container_id              uuid NOT NULL,
  host_id                   uuid NOT NULL,
  bucket                    timestamptz NOT NULL,
  samples                   integer NOT NULL,
  cpu_usage_percent_avg     double precision,
  cpu_usage_percent_min     double precision,
  cpu_usage_percent_max     double precision,
  memory_usage_percent_avg  double precision,
  memory_usage_percent_min  double precision,
  memory_usage_percent_max  double precision,
  memory_used_bytes_avg     double precision,
  memory_used_bytes_min     bigint,
  memory_used_bytes_max     bigint,
  network_rx_bytes_sum      bigint,
  network_tx_bytes_sum      bigint,
  block_read_bytes_sum      bigint,
  block_write_bytes_sum     bigint,

  PRIMARY KEY (container_id, bucket)
);
CREATE INDEX container_metrics_1h_host_bucket_idx ON container_metrics_1h (host_id, bucket);

DO $$
BEGIN
  IF sentinel_timescaledb_usable() THEN
    DROP TABLE host_metrics_5m, disk_metrics_5m, network_metrics_5m, container_metrics_5m,
               host_metrics_1h, disk_metrics_1h, network_metrics_1h, container_metrics_1h;
  END IF;
END
$$;
