-- ARGV: ns, account, nowMs. Returns {sum of live reservations in 1/10000 cent, their count}.
local ka, ke = P .. ':credit:amt:' .. ARGV[2], P .. ':credit:exp:' .. ARGV[2]
creditDropExpired(ka, ke, tonumber(ARGV[3]))
return {string.format('%.0f', creditSum(ka)), redis.call('HLEN', ka)}
