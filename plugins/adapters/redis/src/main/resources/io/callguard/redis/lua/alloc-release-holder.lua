-- ARGV: ns, holder, resource prefix. Returns how many resources were released.
local h, prefix = ARGV[2], ARGV[3]
local n = 0
for _, r in ipairs(redis.call('SMEMBERS', kHolder(h))) do
  if string.sub(r, 1, #prefix) == prefix then n = n + allocDrop(r, h) end
end
return n
