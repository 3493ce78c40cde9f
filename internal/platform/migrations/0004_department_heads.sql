-- A department's head approves for its people when an approval rule says
-- "department head" (approval levels with dept_head).
ALTER TABLE departments ADD COLUMN head_user_id BIGINT REFERENCES users(id);
