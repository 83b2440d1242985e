-- The bare benchmark app's one table: a JSON document by primary key, as a filing stores its
-- content (submission-service V4, V6 and V12: text, out of line and uncompressed). The bench starts a
-- fresh database every run, so this one migration follows the service's schema.
CREATE TABLE bare_row (
    id         UUID        PRIMARY KEY,
    doc        TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
ALTER TABLE bare_row ALTER COLUMN doc SET STORAGE EXTERNAL;
