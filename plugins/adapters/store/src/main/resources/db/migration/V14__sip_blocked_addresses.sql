-- The sip-rates module's block list (R7, CP Téléphonie §7): one row per source IP address blocked for sending more
-- than the allowed SIP messages per second, kept so that a restart keeps the blocks still in force. Written by the
-- module's actions thread after each change of its list in memory (block, unblock, expiry), read at its start.
-- message_count is the count at the last write (the block, and every block again at a clean stop). Instants are
-- TIMESTAMP(3) WITH TIME ZONE written truncated to the millisecond (see V3). Plain SQL that both H2 2.x and
-- PostgreSQL 15 accept.

CREATE TABLE sip_blocked_address (
    address       VARCHAR(64)                 NOT NULL,
    reason        VARCHAR(300)                NOT NULL,
    blocked_since TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    blocked_until TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    message_count BIGINT                      NOT NULL,
    CONSTRAINT sip_blocked_address_pk PRIMARY KEY (address),
    CONSTRAINT sip_blocked_address_span CHECK (blocked_until > blocked_since)
);
