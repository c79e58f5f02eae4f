-- Accounts, their SIP trunks and their numbers (DIDs). Plain SQL that both H2 2.x and PostgreSQL 15 accept.
-- Trunk ids (Asterisk endpoint names) and numbers are unique across all accounts.

CREATE TABLE account (
    id               VARCHAR(64)  NOT NULL,
    name             VARCHAR(200) NOT NULL,
    max_call_seconds BIGINT       NOT NULL,
    CONSTRAINT account_pk PRIMARY KEY (id),
    CONSTRAINT account_max_call_seconds_positive CHECK (max_call_seconds > 0)
);

CREATE TABLE trunk (
    id         VARCHAR(80) NOT NULL,
    account_id VARCHAR(64) NOT NULL,
    kind       VARCHAR(16) NOT NULL,
    channels   INTEGER     NOT NULL,
    CONSTRAINT trunk_pk PRIMARY KEY (id),
    CONSTRAINT trunk_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT trunk_channels_not_negative CHECK (channels >= 0),
    -- CASE rather than IN (...) or ORs, which H2 2.4 turns into a value set bound to the session that created the
    -- table: once Flyway's session closes, every insert fails with "The database has been closed".
    CONSTRAINT trunk_kind_known CHECK (CASE kind WHEN 'T0_IP' THEN 1 WHEN 'T2_IP' THEN 1 WHEN 'OTHER' THEN 1 ELSE 0 END = 1)
);

CREATE INDEX trunk_account_idx ON trunk (account_id);

CREATE TABLE did_number (
    did        VARCHAR(32) NOT NULL,
    account_id VARCHAR(64) NOT NULL,
    trunk_id   VARCHAR(80),
    CONSTRAINT did_number_pk PRIMARY KEY (did),
    CONSTRAINT did_number_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT did_number_trunk_fk FOREIGN KEY (trunk_id) REFERENCES trunk (id) ON DELETE SET NULL
);

CREATE INDEX did_number_account_idx ON did_number (account_id);
CREATE INDEX did_number_trunk_idx ON did_number (trunk_id);
