-- ARGV: ns, key. Returns 1 when an entry, live or expired, was there.
redis.call('ZREM', P .. ':idem-keys', ARGV[2])
return redis.call('DEL', P .. ':idem:' .. ARGV[2])
