-- Submission service schema: departments, cycles, filings with their frozen revisions,
-- an append-only history, the transactional outbox and idempotency records.

CREATE TABLE department (
    code        VARCHAR(32)  PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    group_name  VARCHAR(100),
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    version     BIGINT       NOT NULL DEFAULT 0
);

CREATE TABLE sub_unit (
    department_code VARCHAR(32)  NOT NULL REFERENCES department(code) ON DELETE CASCADE,
    code            VARCHAR(32)  NOT NULL,
    name            VARCHAR(200) NOT NULL,
    position        INT          NOT NULL,
    PRIMARY KEY (department_code, code)
);

CREATE TABLE evaluation_cycle (
    id               BIGSERIAL    PRIMARY KEY,
    name             VARCHAR(200) NOT NULL,
    fiscal_year      INT          NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
    deadline         TIMESTAMPTZ  NOT NULL,
    rubric_code      VARCHAR(64)  NOT NULL,
    rubric_version   INT          NOT NULL CHECK (rubric_version > 0),
    -- level-3 indicator code -> points of the bound rubric version, copied when the cycle is
    -- created: a published version never changes, and validation must not depend on
    -- scoring-service being up
    indicator_points JSONB        NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    created_by       VARCHAR(200) NOT NULL
);
CREATE INDEX evaluation_cycle_year ON evaluation_cycle(fiscal_year);

CREATE TABLE filing (
    id              UUID         PRIMARY KEY,
    department_code VARCHAR(32)  NOT NULL REFERENCES department(code),
    cycle_id        BIGINT       NOT NULL REFERENCES evaluation_cycle(id),
    fiscal_year     INT          NOT NULL,
    status          VARCHAR(16)  NOT NULL CHECK (status IN ('DRAFT','SUBMITTED','RETURNED','ACCEPTED')),
    -- the revision being edited (DRAFT/RETURNED) or the last one submitted
    revision        INT          NOT NULL CHECK (revision > 0),
    content         JSONB        NOT NULL,
    content_sha256  VARCHAR(64)     NOT NULL,
    return_reason   TEXT,
    submit_until    TIMESTAMPTZ,
    created_at      TIMESTAMPTZ  NOT NULL,
    created_by      VARCHAR(200) NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL,
    submitted_at    TIMESTAMPTZ,
    version         BIGINT       NOT NULL,
    CONSTRAINT filing_one_per_department_and_cycle UNIQUE (department_code, cycle_id)
);
CREATE INDEX filing_department_year ON filing(department_code, fiscal_year);
CREATE INDEX filing_year_status ON filing(fiscal_year, status);
CREATE INDEX filing_cycle ON filing(cycle_id);

CREATE TABLE filing_revision (
    filing_id      UUID         NOT NULL REFERENCES filing(id),
    revision       INT          NOT NULL,
    content        JSONB        NOT NULL,
    content_sha256 VARCHAR(64)     NOT NULL,
    submitted_at   TIMESTAMPTZ  NOT NULL,
    submitted_by   VARCHAR(200) NOT NULL,
    PRIMARY KEY (filing_id, revision)
);

CREATE TABLE filing_history (
    id              BIGSERIAL    PRIMARY KEY,
    filing_id       UUID         NOT NULL REFERENCES filing(id),
    revision        INT          NOT NULL,
    action          VARCHAR(32)  NOT NULL,
    actor           VARCHAR(200) NOT NULL,
    actor_department VARCHAR(32),
    at              TIMESTAMPTZ  NOT NULL,
    content_sha256  VARCHAR(64)     NOT NULL,
    detail          TEXT
);
CREATE INDEX filing_history_filing ON filing_history(filing_id, id);

-- History and submitted revisions are written once. The database itself refuses any
-- change, so no code path (nor a person with SQL access through the app's account) can
-- rewrite what was filed.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on % is not allowed: rows are append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER filing_history_append_only
    BEFORE UPDATE OR DELETE ON filing_history
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER filing_history_no_truncate
    BEFORE TRUNCATE ON filing_history
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER filing_revision_append_only
    BEFORE UPDATE OR DELETE ON filing_revision
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER filing_revision_no_truncate
    BEFORE TRUNCATE ON filing_revision
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE TABLE outbox_message (
    id              UUID         PRIMARY KEY,
    type            VARCHAR(64)  NOT NULL,
    aggregate_id    VARCHAR(64)  NOT NULL,
    payload         JSONB        NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL,
    delivered_at    TIMESTAMPTZ,
    last_error      TEXT
);
CREATE INDEX outbox_message_due ON outbox_message(next_attempt_at) WHERE delivered_at IS NULL;

CREATE TABLE idempotency_record (
    caller          VARCHAR(200) NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    request_sha256  VARCHAR(64)     NOT NULL,
    state           VARCHAR(16)  NOT NULL CHECK (state IN ('IN_FLIGHT','DONE')),
    response_status INT,
    response_body   TEXT,
    created_at      TIMESTAMPTZ  NOT NULL,
    completed_at    TIMESTAMPTZ,
    PRIMARY KEY (caller, idempotency_key)
);
