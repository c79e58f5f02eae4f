-- The sip-rates module's trunk sip-addresses (R5): the public addresses and CIDR ranges a customer trunk sends its SIP
-- from, as pjsip's identify match=, in canonical text (203.0.113.5, 198.51.100.0/28, 2001:db8:0:0:0:0:0:1). One row
-- per address; deleting the trunk (or its account) deletes them. Plain SQL that both H2 2.x and PostgreSQL 15 accept.

CREATE TABLE trunk_sip_address (
    trunk_id VARCHAR(80) NOT NULL,
    seq      INTEGER     NOT NULL,
    address  VARCHAR(64) NOT NULL,
    CONSTRAINT trunk_sip_address_pk PRIMARY KEY (trunk_id, seq),
    CONSTRAINT trunk_sip_address_unique UNIQUE (trunk_id, address),
    CONSTRAINT trunk_sip_address_trunk_fk FOREIGN KEY (trunk_id) REFERENCES trunk (id) ON DELETE CASCADE
);
