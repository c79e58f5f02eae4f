-- CTI API (R8, CP Téléphonie §1.5): client API keys and accepted SMS with their status history. Plain SQL that both
-- H2 2.x and PostgreSQL 15 accept; instants are TIMESTAMP(3) WITH TIME ZONE written truncated to the millisecond
-- (see V3). Deleting an account deletes its keys and its SMS.

-- secret_hash is the SHA-256 of the secret in lower-case hex: CHAR(64) reads and compares the same on both
-- databases, where a binary column would be VARBINARY in H2 and BYTEA in PostgreSQL. The secret itself is never stored.
CREATE TABLE cti_api_key (
    id           VARCHAR(16)                 NOT NULL,
    account_id   VARCHAR(64)                 NOT NULL,
    label        VARCHAR(200)                NOT NULL,
    secret_hash  CHAR(64)                    NOT NULL,
    created_at   TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    revoked_at   TIMESTAMP(3) WITH TIME ZONE,
    last_used_at TIMESTAMP(3) WITH TIME ZONE,
    CONSTRAINT cti_api_key_pk PRIMARY KEY (id),
    CONSTRAINT cti_api_key_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
);

CREATE INDEX cti_api_key_account_idx ON cti_api_key (account_id);

-- One row per accepted SMS. key_id has no foreign key: the SMS stays readable after its key is revoked.
-- UNIQUE (account_id, idempotency_key): NULL keys never collide (NULLs are distinct in both databases); a key older
-- than the idempotency period is set to NULL by the insert that takes it over, in the same transaction.
CREATE TABLE cti_sms (
    id              VARCHAR(64)                 NOT NULL,
    account_id      VARCHAR(64)                 NOT NULL,
    key_id          VARCHAR(16)                 NOT NULL,
    from_number     VARCHAR(32)                 NOT NULL,
    to_number       VARCHAR(32)                 NOT NULL,
    body            TEXT                        NOT NULL,
    encoding        VARCHAR(8)                  NOT NULL,
    segments        INTEGER                     NOT NULL,
    emergency       BOOLEAN                     NOT NULL,
    idempotency_key VARCHAR(255),
    status_callback VARCHAR(2000),
    accepted_at     TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    status          VARCHAR(16)                 NOT NULL,
    attempts        INTEGER                     NOT NULL,
    CONSTRAINT cti_sms_pk PRIMARY KEY (id),
    CONSTRAINT cti_sms_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT cti_sms_idempotency_uq UNIQUE (account_id, idempotency_key),
    -- CASE rather than IN (...): see trunk_kind_known in V1.
    CONSTRAINT cti_sms_status_known
        CHECK ((CASE status WHEN 'QUEUED' THEN 1 WHEN 'SENT' THEN 1 WHEN 'FAILED' THEN 1 ELSE 0 END) = 1)
);

-- The unsent SMS (status QUEUED), oldest first, are read at every start.
CREATE INDEX cti_sms_status_idx ON cti_sms (status, accepted_at);

-- Every status an SMS entered, in order (seq 1 is QUEUED at acceptance).
CREATE TABLE cti_sms_history (
    sms_id VARCHAR(64)                 NOT NULL,
    seq    INTEGER                     NOT NULL,
    status VARCHAR(16)                 NOT NULL,
    at     TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    code   INTEGER,
    detail VARCHAR(500),
    CONSTRAINT cti_sms_history_pk PRIMARY KEY (sms_id, seq),
    CONSTRAINT cti_sms_history_sms_fk FOREIGN KEY (sms_id) REFERENCES cti_sms (id) ON DELETE CASCADE
);
