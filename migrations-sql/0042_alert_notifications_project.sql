-- The outbox keeps at most a number of notifications per project, and trims the oldest
-- of a project when it stores new ones. This index finds a project's rows, newest first.
CREATE INDEX alert_notifications_project_idx ON alert_notifications (project_id, id);
