-- ARGV: ns, account, holder, amount (decimal), expiresAtMs, nowMs, graceMs. The owner's lease renewal of a live call's
-- reservation: sets it (back, when Redis lost it) with its new expiry; no limit checked. Returns 1.
local ka, ke = P .. ':credit:amt:' .. ARGV[2], P .. ':credit:exp:' .. ARGV[2]
local exp, now, grace = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
creditDropExpired(ka, ke, now)
redis.call('HSET', ka, ARGV[3], ARGV[4])
redis.call('ZADD', ke, exp, ARGV[3])
keep(ka, exp - now + grace)
keep(ke, exp - now + grace)
return 1
