-- ARGV: ns, resource, holder, limit, expiresAtMs, nowMs, mode ('allocate' | 'force'), graceMs. Returns 1 when held within the limit.
local r, h, limit, exp, now, mode, grace = ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7], tonumber(ARGV[8])
allocDropExpired(r, now)
local cur = redis.call('ZSCORE', kExp(r), h)
local granted = 0
local function record(forced)
  local last = redis.call('ZRANGE', kOrd(r), -1, -1, 'WITHSCORES')
  local seq = 1
  if last[2] then seq = tonumber(last[2]) + 1 end
  redis.call('ZADD', kOrd(r), seq, h)
  redis.call('ZADD', kExp(r), exp, h)
  redis.call('HSET', kInfo(r), h, ARGV[6] .. ':' .. forced)
  redis.call('SADD', kHolder(h), r)
  redis.call('SADD', kResources, r)
end
if mode == 'force' then
  if cur then
    if exp > tonumber(cur) then redis.call('ZADD', kExp(r), exp, h) end
    granted = 1
  elseif exp > now then
    record('1')
    granted = 1
  end
else
  if cur then
    if redis.call('ZRANK', kOrd(r), h) < limit then
      granted = 1
      if exp > tonumber(cur) then redis.call('ZADD', kExp(r), exp, h) end
      local info = redis.call('HGET', kInfo(r), h)
      local at = string.match(info, '^(%d+):1$')
      if at then redis.call('HSET', kInfo(r), h, at .. ':0') end
    end
  elseif redis.call('ZCARD', kExp(r)) < limit then
    record('0')
    granted = 1
  end
end
if granted == 1 then
  local latest = tonumber(redis.call('ZSCORE', kExp(r), h))
  local ttl = latest - now + grace
  keep(kExp(r), ttl); keep(kOrd(r), ttl); keep(kInfo(r), ttl); keep(kHolder(h), ttl); keep(kResources, ttl)
end
return granted
