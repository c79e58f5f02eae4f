-- A rule module's own table, numbered from V1 in its own history (ModuleMigrationsTest).
CREATE TABLE toy_counts (id VARCHAR(64) PRIMARY KEY, n INT NOT NULL);
