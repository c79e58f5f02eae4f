-- Amounts: decimal strings of cents with at most 4 decimals, summed as integers of 1/10000 cent (exact below 2^53,
-- that is about 9e11 cents, which the Java side checks). Lua numbers are doubles: no fraction is ever computed.
local function units(v)
  local ip, fp = string.match(v, '^(%d+)%.?(%d*)$')
  return tonumber(ip) * 10000 + tonumber(string.sub(fp .. '0000', 1, 4))
end
local function fmt(u)
  return string.format('%.0f', math.floor(u / 10000)) .. '.' .. string.format('%04d', u % 10000)
end
-- floor(f * s / 10^scale) for an integer f >= 0 (< 2^53) and s a string of digits, in schoolbook decimal arithmetic
local function mulFloor(f, s, scale)
  local a = string.format('%.0f', f)
  local res = {}
  for i = 1, #a + #s do res[i] = 0 end
  for i = #a, 1, -1 do
    for j = #s, 1, -1 do
      local pos = (#a - i) + (#s - j) + 1
      res[pos] = res[pos] + tonumber(string.sub(a, i, i)) * tonumber(string.sub(s, j, j))
    end
  end
  local carry = 0
  for i = 1, #res do
    local v = res[i] + carry
    res[i] = v % 10
    carry = math.floor(v / 10)
  end
  local out = 0
  for i = #res, scale + 1, -1 do out = out * 10 + res[i] end
  return out
end
local function creditDropExpired(ka, ke, now)
  for _, h in ipairs(redis.call('ZRANGEBYSCORE', ke, '-inf', now)) do
    redis.call('HDEL', ka, h)
    redis.call('ZREM', ke, h)
  end
end
local function creditSum(ka)
  local sum = 0
  for _, v in ipairs(redis.call('HVALS', ka)) do sum = sum + units(v) end
  return sum
end
