-- Tariff plans (R3, rating): one row per version of a plan and one per line of that version. Versions are only ever
-- added (the repository has no update nor delete), so that a call's rating names a plan version that still reads as it
-- was. Amounts are euro cents HT with 4 decimals (a per-second price makes fractions of a cent). Plain SQL that both
-- H2 2.x and PostgreSQL 15 accept; instants are TIMESTAMP(3) WITH TIME ZONE written to the millisecond (see V3).
CREATE TABLE tariff_plan (
    plan_id      VARCHAR(64)                 NOT NULL,
    plan_version INTEGER                     NOT NULL,
    name         VARCHAR(200)                NOT NULL,
    created_at   TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    created_by   VARCHAR(200)                NOT NULL,
    CONSTRAINT tariff_plan_pk PRIMARY KEY (plan_id, plan_version),
    CONSTRAINT tariff_plan_version_positive CHECK (plan_version >= 1)
);

CREATE TABLE tariff_rate (
    plan_id                  VARCHAR(64)    NOT NULL,
    plan_version             INTEGER        NOT NULL,
    line_no                  INTEGER        NOT NULL,
    rate_id                  VARCHAR(64)    NOT NULL,
    destination              VARCHAR(32)    NOT NULL,
    prefix                   VARCHAR(16)    NOT NULL,
    is_free                  BOOLEAN        NOT NULL,
    connection_fee_cents     NUMERIC(18, 4) NOT NULL,
    per_minute_cents         NUMERIC(18, 4) NOT NULL,
    service_per_minute_cents NUMERIC(18, 4) NOT NULL,
    service_per_call_cents   NUMERIC(18, 4) NOT NULL,
    first_increment_seconds  INTEGER        NOT NULL,
    next_increment_seconds   INTEGER        NOT NULL,
    CONSTRAINT tariff_rate_pk PRIMARY KEY (plan_id, plan_version, line_no),
    CONSTRAINT tariff_rate_id_unique UNIQUE (plan_id, plan_version, rate_id),
    CONSTRAINT tariff_rate_destination_unique UNIQUE (plan_id, plan_version, destination, prefix),
    CONSTRAINT tariff_rate_plan_fk FOREIGN KEY (plan_id, plan_version) REFERENCES tariff_plan (plan_id, plan_version),
    CONSTRAINT tariff_rate_amounts_not_negative CHECK (connection_fee_cents >= 0 AND per_minute_cents >= 0
        AND service_per_minute_cents >= 0 AND service_per_call_cents >= 0),
    CONSTRAINT tariff_rate_increments_positive CHECK (first_increment_seconds >= 1 AND next_increment_seconds >= 1)
);
