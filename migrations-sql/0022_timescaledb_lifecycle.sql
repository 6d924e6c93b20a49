-- Storage lifecycle on TimescaleDB: continuous aggregates for the rollups, compression
-- after one day and retention policies. On plain PostgreSQL this file changes nothing:
-- the partition, retention and rollup jobs do the same work there.
--
-- Needs TimescaleDB 2.13 or later (0001 already calls create_hypertable with by_range).
-- NOTE: no test runs this branch, because the test machines have no TimescaleDB.
-- Every function and option was checked against the TimescaleDB 2.x documentation.
--
-- Continuous aggregates are created WITH NO DATA because TimescaleDB rejects WITH DATA
-- inside a function or transaction; the refresh policies fill them. They read the raw
-- hypertables (not the 5-minute aggregate) so that the 1-hour averages equal those of
-- the plain-PostgreSQL rollup job. materialized_only = false adds the rows not yet
-- materialized at query time, as the plain tables include the current bucket.
DO $$
BEGIN
  IF NOT sentinel_timescaledb_usable() THEN
    RETURN;
  END IF;

  CREATE MATERIALIZED VIEW host_metrics_5m
    WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
    SELECT host_id,
           time_bucket(INTERVAL '5 minutes', recorded_at) AS bucket,
           count(*)::integer AS samples,
           avg(cpu_usage_percent)::double precision AS cpu_usage_percent_avg,
           min(cpu_usage_percent) AS cpu_usage_percent_min,
           max(cpu_usage_percent) AS cpu_usage_percent_max,
           avg(memory_usage_percent)::double precision AS memory_usage_percent_avg,
           min(memory_usage_percent) AS memory_usage_percent_min,
           max(memory_usage_percent) AS memory_usage_percent_max,
           avg(swap_usage_percent)::double precision AS swap_usage_percent_avg,
           min(swap_usage_percent) AS swap_usage_percent_min,
           max(swap_usage_percent) AS swap_usage_percent_max,
           avg(load_1m)::double precision AS load_1m_avg,
           min(load_1m) AS load_1m_min,
           max(load_1m) AS load_1m_max,
           avg(load_5m)::double precision AS load_5m_avg,
           min(load_5m) AS load_5m_min,
           max(load_5m) AS load_5m_max,
           avg(load_15m)::double precision AS load_15m_avg,
           min(load_15m) AS load_15m_min,
           max(load_15m) AS load_15m_max,
           avg(processes_total)::double precision AS processes_total_avg,
           min(processes_total) AS processes_total_min,
           max(processes_total) AS processes_total_max
    FROM host_metrics
    GROUP BY host_id, bucket
    WITH NO DATA;

  CREATE MATERIALIZED VIEW disk_metrics_5m
    WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
    SELECT host_id,
           mount_point,
           time_bucket(INTERVAL '5 minutes', recorded_at) AS bucket,
           count(*)::integer AS samples,
           avg(usage_percent)::double precision AS usage_percent_avg,
           min(usage_percent) AS usage_percent_min,
           max(usage_percent) AS usage_percent_max,
           avg(inodes_usage_percent)::double precision AS inodes_usage_percent_avg,
           min(inodes_usage_percent) AS inodes_usage_percent_min,
           max(inodes_usage_percent) AS inodes_usage_percent_max,
           avg(io_time_percent)::double precision AS io_time_percent_avg,
           min(io_time_percent) AS io_time_percent_min,
           max(io_time_percent) AS io_time_percent_max,
           sum(read_bytes)::bigint AS read_bytes_sum,
           sum(write_bytes)::bigint AS write_bytes_sum,
           sum(read_ops)::bigint AS read_ops_sum,
           sum(write_ops)::bigint AS write_ops_sum
    FROM disk_metrics
    GROUP BY host_id, mount_point, bucket
    WITH NO DATA;

  CREATE MATERIALIZED VIEW network_metrics_5m
    WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
    SELECT host_id,
           interface,
           time_bucket(INTERVAL '5 minutes', recorded_at) AS bucket,
           count(*)::integer AS samples,
           sum(bytes_sent)::bigint AS bytes_sent_sum,
           sum(bytes_received)::bigint AS bytes_received_sum,
           sum(packets_sent)::bigint AS packets_sent_sum,
           sum(packets_received)::bigint AS packets_received_sum,
           sum(errors_in)::bigint AS errors_in_sum,
           sum(errors_out)::bigint AS errors_out_sum,
           sum(drops_in)::bigint AS drops_in_sum,
           sum(drops_out)::bigint AS drops_out_sum
    FROM network_metrics
    GROUP BY host_id, interface, bucket
    WITH NO DATA;

  CREATE MATERIALIZED VIEW container_metrics_5m
    WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
    SELECT container_id,
           host_id,
           time_bucket(INTERVAL '5 minutes', recorded_at) AS bucket,
           count(*)::integer AS samples,
           avg(cpu_usage_percent)::double precision AS cpu_usage_percent_avg,
           min(cpu_usage_percent) AS cpu_usage_percent_min,
           max(cpu_usage_percent) AS cpu_usage_percent_max,
           avg(memory_usage_percent)::double precision AS memory_usage_percent_avg,
           min(memory_usage_percent) AS memory_usage_percent_min,
           max(memory_usage_percent) AS memory_usage_percent_max,
           avg(memory_used_bytes)::double precision AS memory_used_bytes_avg,
           min(memory_used_bytes) AS memory_used_bytes_min,
           max(memory_used_bytes) AS memory_used_bytes_max,
           sum(network_rx_bytes)::bigint AS network_rx_bytes_sum,
           sum(network_tx_bytes)::bigint AS network_tx_bytes_sum,
           sum(block_read_bytes)::bigint AS block_read_bytes_sum,
           sum(block_write_bytes)::bigint AS block_write_bytes_sum
    FROM container_metrics
    GROUP BY container_id, host_id, bucket
    WITH NO DATA;

  CREATE MATERIALIZED VIEW host_metrics_1h
    WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
    SELECT host_id,
           time_bucket(INTERVAL '1 hour', recorded_at) AS bucket,
           count(*)::integer AS samples,
           avg(cpu_usage_percent)::double precision AS cpu_usage_percent_avg,
           min(cpu_usage_percent) AS cpu_usage_percent_min,
           max(cpu_usage_percent) AS cpu_usage_percent_max,
           avg(memory_usage_percent)::double precision AS memory_usage_percent_avg,
           min(memory_usage_percent) AS memory_usage_percent_min,
           max(memory_usage_percent) AS memory_usage_percent_max,
           avg(swap_usage_percent)::double precision AS swap_usage_percent_avg,
           min(swap_usage_percent) AS swap_usage_percent_min,
           max(swap_usage_percent) AS swap_usage_percent_max,
           avg(load_1m)::double precision AS load_1m_avg,
           min(load_1m) AS load_1m_min,
           max(load_1m) AS load_1m_max,
           avg(load_5m)::double precision AS load_5m_avg,
           min(load_5m) AS load_5m_min,
           max(load_5m) AS load_5m_max,
           avg(load_15m)::double precision AS load_15m_avg,
           min(load_15m) AS load_15m_min,
           max(load_15m) AS load_15m_max,
           avg(processes_total)::double precision AS processes_total_avg,
           min(processes_total) AS processes_total_min,
           max(processes_total) AS processes_total_max
    FROM host_metrics
    GROUP BY host_id, bucket
    WITH NO DATA;

  CREATE MATERIALIZED VIEW disk_metrics_1h
    WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
    SELECT host_id,
           mount_point,
           time_bucket(INTERVAL '1 hour', recorded_at) AS bucket,
           count(*)::integer AS samples,
           avg(usage_percent)::double precision AS usage_percent_avg,
           min(usage_percent) AS usage_percent_min,
           max(usage_percent) AS usage_percent_max,
           avg(inodes_usage_percent)::double precision AS inodes_usage_percent_avg,
           min(inodes_usage_percent) AS inodes_usage_percent_min,
           max(inodes_usage_percent) AS inodes_usage_percent_max,
           avg(io_time_percent)::double precision AS io_time_percent_avg,
           min(io_time_percent) AS io_time_percent_min,
           max(io_time_percent) AS io_time_percent_max,
           sum(read_bytes)::bigint AS read_bytes_sum,
           sum(write_bytes)::bigint AS write_bytes_sum,
           sum(read_ops)::bigint AS read_ops_sum,
           sum(write_ops)::bigint AS write_ops_sum
    FROM disk_metrics
    GROUP BY host_id, mount_point, bucket
    WITH NO DATA;

  CREATE MATERIALIZED VIEW network_metrics_1h
    WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
    SELECT host_id,
           interface,
           time_bucket(INTERVAL '1 hour', recorded_at) AS bucket,
           count(*)::integer AS samples,
           sum(bytes_sent)::bigint AS bytes_sent_sum,
           sum(bytes_received)::bigint AS bytes_received_sum,
           sum(packets_sent)::bigint AS packets_sent_sum,
           sum(packets_received)::bigint AS packets_received_sum,
           sum(errors_in)::bigint AS errors_in_sum,
           sum(errors_out)::bigint AS errors_out_sum,
           sum(drops_in)::bigint AS drops_in_sum,
           sum(drops_out)::bigint AS drops_out_sum
    FROM network_metrics
    GROUP BY host_id, interface, bucket
    WITH NO DATA;

  CREATE MATERIALIZED VIEW container_metrics_1h
    WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
    SELECT container_id,
           host_id,
           time_bucket(INTERVAL '1 hour', recorded_at) AS bucket,
           count(*)::integer AS samples,
           avg(cpu_usage_percent)::double precision AS cpu_usage_percent_avg,
           min(cpu_usage_percent) AS cpu_usage_percent_min,
           max(cpu_usage_percent) AS cpu_usage_percent_max,
           avg(memory_usage_percent)::double precision AS memory_usage_percent_avg,
           min(memory_usage_percent) AS memory_usage_percent_min,
           max(memory_usage_percent) AS memory_usage_percent_max,
           avg(memory_used_bytes)::double precision AS memory_used_bytes_avg,
           min(memory_used_bytes) AS memory_used_bytes_min,
           max(memory_used_bytes) AS memory_used_bytes_max,
           sum(network_rx_bytes)::bigint AS network_rx_bytes_sum,
           sum(network_tx_bytes)::bigint AS network_tx_bytes_sum,
           sum(block_read_bytes)::bigint AS block_read_bytes_sum,
           sum(block_write_bytes)::bigint AS block_write_bytes_sum
    FROM container_metrics
    GROUP BY container_id, host_id, bucket
    WITH NO DATA;

  -- Refresh windows reach 7 days back so that reports an agent buffered for days are
  -- folded in; only ranges with changed raw rows are recomputed.
  PERFORM add_continuous_aggregate_policy('host_metrics_5m', start_offset => INTERVAL '7 days',
    end_offset => INTERVAL '5 minutes', schedule_interval => INTERVAL '1 minute');
  PERFORM add_continuous_aggregate_policy('disk_metrics_5m', start_offset => INTERVAL '7 days',
    end_offset => INTERVAL '5 minutes', schedule_interval => INTERVAL '1 minute');
  PERFORM add_continuous_aggregate_policy('network_metrics_5m', start_offset => INTERVAL '7 days',
    end_offset => INTERVAL '5 minutes', schedule_interval => INTERVAL '1 minute');
  PERFORM add_continuous_aggregate_policy('container_metrics_5m', start_offset => INTERVAL '7 days',
    end_offset => INTERVAL '5 minutes', schedule_interval => INTERVAL '1 minute');
  PERFORM add_continuous_aggregate_policy('host_metrics_1h', start_offset => INTERVAL '7 days',
    end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '15 minutes');
  PERFORM add_continuous_aggregate_policy('disk_metrics_1h', start_offset => INTERVAL '7 days',
    end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '15 minutes');
  PERFORM add_continuous_aggregate_policy('network_metrics_1h', start_offset => INTERVAL '7 days',
    end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '15 minutes');
  PERFORM add_continuous_aggregate_policy('container_metrics_1h', start_offset => INTERVAL '7 days',
    end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '15 minutes');

  -- Compressed chunks are column-oriented per segment; series are read per host or
  -- per container, newest first.
  ALTER TABLE host_metrics SET (timescaledb.compress, timescaledb.compress_segmentby = 'host_id',
    timescaledb.compress_orderby = 'recorded_at DESC');
  ALTER TABLE disk_metrics SET (timescaledb.compress, timescaledb.compress_segmentby = 'host_id',
    timescaledb.compress_orderby = 'recorded_at DESC');
  ALTER TABLE network_metrics SET (timescaledb.compress, timescaledb.compress_segmentby = 'host_id',
    timescaledb.compress_orderby = 'recorded_at DESC');
  ALTER TABLE process_snapshots SET (timescaledb.compress, timescaledb.compress_segmentby = 'host_id',
    timescaledb.compress_orderby = 'recorded_at DESC');
  ALTER TABLE container_metrics SET (timescaledb.compress, timescaledb.compress_segmentby = 'container_id',
    timescaledb.compress_orderby = 'recorded_at DESC');

  PERFORM add_compression_policy('host_metrics', compress_after => INTERVAL '1 day');
  PERFORM add_compression_policy('disk_metrics', compress_after => INTERVAL '1 day');
  PERFORM add_compression_policy('network_metrics', compress_after => INTERVAL '1 day');
  PERFORM add_compression_policy('process_snapshots', compress_after => INTERVAL '1 day');
  PERFORM add_compression_policy('container_metrics', compress_after => INTERVAL '1 day');

  -- The retention job applies the same periods on plain PostgreSQL
  -- (src/jobs/series-tables.ts and src/jobs/rollup-definitions.ts).
  PERFORM add_retention_policy('host_metrics', drop_after => INTERVAL '30 days');
  PERFORM add_retention_policy('disk_metrics', drop_after => INTERVAL '30 days');
  PERFORM add_retention_policy('network_metrics', drop_after => INTERVAL '30 days');
  PERFORM add_retention_policy('process_snapshots', drop_after => INTERVAL '7 days');
  PERFORM add_retention_policy('container_metrics', drop_after => INTERVAL '14 days');

  PERFORM add_retention_policy('host_metrics_5m', drop_after => INTERVAL '90 days');
  PERFORM add_retention_policy('disk_metrics_5m', drop_after => INTERVAL '90 days');
  PERFORM add_retention_policy('network_metrics_5m', drop_after => INTERVAL '90 days');
  PERFORM add_retention_policy('container_metrics_5m', drop_after => INTERVAL '90 days');
  PERFORM add_retention_policy('host_metrics_1h', drop_after => INTERVAL '730 days');
  PERFORM add_retention_policy('disk_metrics_1h', drop_after => INTERVAL '730 days');
  PERFORM add_retention_policy('network_metrics_1h', drop_after => INTERVAL '730 days');
  PERFORM add_retention_policy('container_metrics_1h', drop_after => INTERVAL '730 days');
END
$$;
