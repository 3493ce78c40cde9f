-- In-app notifications. The text is not stored: key (a catalog key) and
-- params (JSON) are rendered in the reader's language when read.
CREATE TABLE notifications (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	user_id BIGINT NOT NULL REFERENCES users(id),
	key TEXT NOT NULL,
	params TEXT NOT NULL DEFAULT '{}',
	href TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL,
	read_at {{ts}}
);
-- A user's notifications, newest first; the partial index serves the
-- workbench panel and the unread count.
CREATE INDEX notifications_user ON notifications (tenant_id, user_id, id);
CREATE INDEX notifications_unread ON notifications (tenant_id, user_id, id) WHERE read_at IS NULL;
