-- The bare benchmark app's one table: a JSON document by primary key, as a filing stores its content.
CREATE TABLE bare_row (
    id         UUID        PRIMARY KEY,
    doc        JSONB       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
