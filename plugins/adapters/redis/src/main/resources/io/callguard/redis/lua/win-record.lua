-- ARGV: ns, key, nowMs, member (unique), graceMs, n, then n pairs limit, periodMs.
-- Returns {recorded 0|1, roomAt_1, ..., roomAt_n} (epoch ms).
local key, now, member, grace, n = ARGV[2], tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
local k = P .. ':win:' .. key
local reg = P .. ':win-keys'
local sweep = P .. ':win-sweep'
local longest, largest = 0, 0
for i = 1, n do
  largest = math.max(largest, tonumber(ARGV[5 + 2 * i]))
  longest = math.max(longest, tonumber(ARGV[6 + 2 * i]))
end
redis.call('ZREMRANGEBYSCORE', k, '-inf', now - longest)
local out = {0}
local room = true
for i = 1, n do
  local limit, period = tonumber(ARGV[5 + 2 * i]), tonumber(ARGV[6 + 2 * i])
  local from = '(' .. (now - period)
  local c = redis.call('ZCOUNT', k, from, '+inf')
  local at = now
  if c >= limit then
    -- the limit-th most recent event counted: the window has room once it leaves
    local e = redis.call('ZRANGEBYSCORE', k, from, '+inf', 'WITHSCORES', 'LIMIT', c - limit, 1)
    local leaves = tonumber(e[2]) + period
    if leaves > now then at = leaves; room = false end
  end
  out[i + 1] = at
end
if room then
  out[1] = 1
  redis.call('ZADD', k, now, member)
  redis.call('ZREMRANGEBYRANK', k, 0, -(largest + 1))
  redis.call('PEXPIRE', k, longest + grace)
  redis.call('ZADD', reg, 'GT', now + longest, key)
  keep(reg, longest + grace)
  -- idle keys leave the registry at most once per longest period (their sorted sets go by their own TTL)
  local due = redis.call('GET', sweep)
  if not due then
    redis.call('SET', sweep, now + longest, 'PX', longest + grace)
  elseif now >= tonumber(due) then
    for _, old in ipairs(redis.call('ZRANGEBYSCORE', reg, '-inf', now)) do
      redis.call('DEL', P .. ':win:' .. old)
      redis.call('ZREM', reg, old)
    end
    redis.call('SET', sweep, now + longest, 'PX', longest + grace)
  end
end
return out
