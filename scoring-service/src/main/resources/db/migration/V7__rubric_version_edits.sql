-- A rubric version's ETag. Two admins editing one draft each send the ETag they read with their
-- save (and with the publish), so the later of them is refused (412) instead of silently
-- overwriting, or publishing, a content it never read. Counts every save and the publish.
ALTER TABLE rubric_version ADD COLUMN edits INT NOT NULL DEFAULT 0;
