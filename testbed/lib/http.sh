# Shared by the testbed's scripts (sourced, not run): waiting for callguard's HTTP side and seeding it through the
# admin API. They read the caller's $ADMIN (admin base URL), $TOKEN (admin token) and $WORK (scratch directory),
# and report a failure through the caller's die().

# wait_http PATH PID LOG SECONDS [HINT]: until $ADMIN$PATH answers 2xx, polling every 0.1 s; dies with LOG's tail when
# PID (the callguard just started) exits meanwhile (HINT, if any, says what may be the cause), or after SECONDS.
wait_http() {
  local path=$1 pid=$2 log=$3 limit=$(( $4 * 10 )) hint=${5:-} i
  for i in $(seq 1 "$limit"); do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$log" >&2; die "callguard exited at start${hint:+ ($hint)}"; }
    curl -sf "$ADMIN$path" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "callguard did not answer $path within $4 s"
}

# post PATH JSON: POST to the admin API with the token; dies unless 2xx.
post() {
  local code
  code=$(curl -s -o "$WORK/post.out" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
         -H 'Content-Type: application/json' -d "$2" "$ADMIN$1")
  case "$code" in 2*) ;; *) die "POST $1 -> $code: $(cat "$WORK/post.out")" ;; esac
}
