-- ARGV: ns, resource, holder. Returns 1 when the holder held the resource.
return allocDrop(ARGV[2], ARGV[3])
