-- ARGV: ns, resource, nowMs. Returns the live holders, oldest first: holder, expiresAtMs, 'allocatedAtMs:forced', ...
local r, now = ARGV[2], tonumber(ARGV[3])
local out = {}
for _, h in ipairs(redis.call('ZRANGE', kOrd(r), 0, -1)) do
  local e = redis.call('ZSCORE', kExp(r), h)
  if e and tonumber(e) > now then
    out[#out + 1] = h
    out[#out + 1] = e
    out[#out + 1] = redis.call('HGET', kInfo(r), h)
  end
end
return out
