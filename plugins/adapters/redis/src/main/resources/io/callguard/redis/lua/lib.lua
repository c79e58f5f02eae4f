-- Shared by every script (prepended by RedisScript). ARGV[1] is the namespace; times are the caller's epoch ms.
local P = ARGV[1]
local function keep(key, ttl)
  -- extend only: a key lives at least until its latest expiry plus the grace, so a dead node's leftovers vanish
  local cur = redis.call('PTTL', key)
  if cur == -2 then return end
  if cur < ttl then redis.call('PEXPIRE', key, ttl) end
end
local function kExp(r) return P .. ':alloc:exp:' .. r end
local function kOrd(r) return P .. ':alloc:ord:' .. r end
local function kInfo(r) return P .. ':alloc:info:' .. r end
local function kHolder(h) return P .. ':alloc:holder:' .. h end
local kResources = P .. ':alloc:resources'
local function allocDrop(r, h)
  local n = redis.call('ZREM', kExp(r), h)
  redis.call('ZREM', kOrd(r), h)
  redis.call('HDEL', kInfo(r), h)
  redis.call('SREM', kHolder(h), r)
  if redis.call('EXISTS', kExp(r)) == 0 then redis.call('SREM', kResources, r) end
  return n
end
local function allocDropExpired(r, now)
  local gone = redis.call('ZRANGEBYSCORE', kExp(r), '-inf', now)
  for _, h in ipairs(gone) do allocDrop(r, h) end
  return #gone
end
