-- ARGV: ns, nodeId, nowMs, expiresAtMs, graceMs. Renews the node in the live nodes' sorted set (id -> expiry), drops
-- the nodes whose entry expired, returns the live ids. The health probe of the local fallback as well.
local key, id, now, exp, grace = P .. ':nodes', ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
redis.call('ZADD', key, exp, id)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
keep(key, exp - now + grace)
return redis.call('ZRANGE', key, 0, -1)
