-- Alert notifications waiting for the webhook. Evaluation writes a row in the
-- transaction that changes the alert's state. So a notification survives a stop of the
-- process that would send it, and a change that was rolled back sends none. A notifier
-- deletes the row once the receiver accepts it or once it gives up.
CREATE TABLE alert_notifications (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id       uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  -- The alert the notification is about. No foreign keys: a notification is still
  -- delivered after its rule or host is deleted, as the resolutions written when a rule
  -- is deleted must be.
  rule_id          uuid NOT NULL,
  host_id          uuid NOT NULL,
  subject          text NOT NULL,
  -- The JSON body posted to the webhook.
  payload          jsonb NOT NULL,
  -- Failed attempts so far. The notifier deletes the row after its last attempt.
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now()
);

-- Notifications of one alert are sent in id order: a newer one waits while an older one
-- of the same alert exists. This index finds the older ones.
CREATE INDEX alert_notifications_alert_idx ON alert_notifications (rule_id, host_id, subject, id);
