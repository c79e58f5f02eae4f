-- ARGV: ns, nowMs. Drops the keys none of whose events can count at nowMs; returns how many.
local reg = P .. ':win-keys'
local old = redis.call('ZRANGEBYSCORE', reg, '-inf', ARGV[2])
for _, key in ipairs(old) do
  redis.call('DEL', P .. ':win:' .. key)
  redis.call('ZREM', reg, key)
end
return #old
