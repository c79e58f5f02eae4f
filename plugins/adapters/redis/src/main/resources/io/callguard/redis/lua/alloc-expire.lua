-- ARGV: ns, nowMs. Drops every expired allocation; returns how many.
local now = tonumber(ARGV[2])
local n = 0
for _, r in ipairs(redis.call('SMEMBERS', kResources)) do
  n = n + allocDropExpired(r, now)
  if redis.call('EXISTS', kExp(r)) == 0 then redis.call('SREM', kResources, r) end
end
return n
