-- ARGV: ns. The resources with recorded holders (names whose keys Redis dropped by their TTL are forgotten here).
local out = {}
for _, r in ipairs(redis.call('SMEMBERS', kResources)) do
  if redis.call('EXISTS', kExp(r)) == 1 then out[#out + 1] = r else redis.call('SREM', kResources, r) end
end
return out
