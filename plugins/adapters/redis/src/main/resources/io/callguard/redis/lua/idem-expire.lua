-- ARGV: ns, nowMs. Drops the entries expired at nowMs; returns how many.
local reg = P .. ':idem-keys'
local old = redis.call('ZRANGEBYSCORE', reg, '-inf', ARGV[2])
for _, key in ipairs(old) do
  redis.call('DEL', P .. ':idem:' .. key)
  redis.call('ZREM', reg, key)
end
return #old
