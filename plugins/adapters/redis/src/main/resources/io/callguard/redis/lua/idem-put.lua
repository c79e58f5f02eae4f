-- ARGV: ns, key, value, expiresAtMs, nowMs, graceMs. Returns {0} when stored, else {1, value held}.
local key, value, exp, now, grace = ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
local k = P .. ':idem:' .. key
local reg = P .. ':idem-keys'
local cur = redis.call('GET', k)
if cur then
  local sep = string.find(cur, ':', 1, true)
  if tonumber(string.sub(cur, 1, sep - 1)) > now then return {1, string.sub(cur, sep + 1)} end
end
-- the value carries its expiry (the caller's clock decides liveness); PX only bounds the key's life in Redis
redis.call('SET', k, exp .. ':' .. value, 'PX', tonumber(exp) - now + grace)
redis.call('ZADD', reg, exp, key)
keep(reg, tonumber(exp) - now + grace)
-- a bounded sweep of entries expired by the caller's clock, so the registry does not grow
for _, old in ipairs(redis.call('ZRANGEBYSCORE', reg, '-inf', now, 'LIMIT', 0, 100)) do
  redis.call('DEL', P .. ':idem:' .. old)
  redis.call('ZREM', reg, old)
end
return {0}
