#!/usr/bin/env bash
# The HTTP load benchmark: the same embedded Jetty 12 and servlet behind every session variant, all started at
# once (one JVM each, its own port), measured interleaved in short round-robin rounds with wrk, beside pgbench's
# SELECT + UPDATE on a table of django_session's shape. Writes its raw figures and a markdown report to $OUT.
# Run by hand on a quiet machine (never in CI); see docs/performance.md. Knobs (environment):
#   ROUNDS=5 DURATION=10 SESSIONS=10000 THREADS=2 CONNECTIONS=32 BASE_PORT=18100 OUT=target/http-bench
#   VARIANTS="none jetty spring-jdbc ..." (default: all)  SCENARIOS="returning-count returning-read new-count new-read"
#   JAVA_OPTS="-Xms512m -Xmx1g"  PGBENCH=1 (0 skips it)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bench=$(dirname "$here")
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}
SESSIONS=${SESSIONS:-10000}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
BASE_PORT=${BASE_PORT:-18100}
OUT=${OUT:-$bench/target/http-bench}
JAVA_OPTS=${JAVA_OPTS:-"-Xms512m -Xmx1g"}
PGBENCH=${PGBENCH:-1}
ALL_VARIANTS="none jetty spring-jdbc spring-redis db-sqlite db-postgresql db-mariadb cache-local cache-redis cache-memcached cached-db file signed-cookies"
VARIANTS=${VARIANTS:-$ALL_VARIANTS}
SCENARIOS=${SCENARIOS:-"returning-count returning-read new-count new-read"}
CLOAKROOM_JAR=$bench/http-cloakroom/target/http-cloakroom.jar
SPRING_JAR=$bench/http-spring-session/target/http-spring-session.jar
PSQL=(env PGOPTIONS="-c client_min_messages=warning" psql -X -q -h 127.0.0.1 -U postgres)
MARIADB=(mariadb -h 127.0.0.1 -uroot)
REDIS_DB=12
CLK_TCK=$(getconf CLK_TCK)

for jar in "$CLOAKROOM_JAR" "$SPRING_JAR"; do
  [[ -f $jar ]] || { echo "missing $jar; build first (docs/performance.md): mvn -B -am package -DskipTests -pl cloakroom-bench/jmh,cloakroom-bench/http-cloakroom,cloakroom-bench/http-spring-session" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }

mkdir -p "$OUT"
work=$OUT/work
rm -rf "$work" && mkdir -p "$work"
raw=$OUT/rounds.tsv
persisted=$OUT/persisted.tsv
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

# ---- benchmark-only stores, emptied before the run -------------------------------------------------------------
needs() { [[ " $VARIANTS " == *" $1 "* ]]; }
if needs db-postgresql || needs cached-db || needs spring-jdbc || [[ $PGBENCH == 1 ]]; then
  "${PSQL[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'cloakroom_bench'" | grep -q 1 \
    || "${PSQL[@]}" -d postgres -c "CREATE DATABASE cloakroom_bench"
  "${PSQL[@]}" -d cloakroom_bench -c "DROP TABLE IF EXISTS django_session; DROP TABLE IF EXISTS cached_django_session; DROP TABLE IF EXISTS spring_session_attributes; DROP TABLE IF EXISTS spring_session; DROP TABLE IF EXISTS bench_pgbench_session"
fi
if needs db-mariadb; then
  "${MARIADB[@]}" -e "CREATE DATABASE IF NOT EXISTS cloakroom_bench; DROP TABLE IF EXISTS cloakroom_bench.django_session"
fi
if needs cache-redis || needs cached-db || needs spring-redis; then
  for pattern in 'crbench*' 'ssbench:*'; do
    redis-cli -n $REDIS_DB --scan --pattern "$pattern" | xargs -r -n 500 redis-cli -n $REDIS_DB del >/dev/null
  done
fi

# ---- the servers -----------------------------------------------------------------------------------------------
declare -A PORT PID JAR
cleanup() {
  for v in "${!PID[@]}"; do kill "${PID[$v]}" 2>/dev/null || true; done
}
trap cleanup EXIT
port=$BASE_PORT
# one after the other (a busy machine starting a dozen JVMs at once times out connecting), then all run together
for v in $VARIANTS; do
  port=$((port + 1))
  PORT[$v]=$port
  case $v in spring-*) JAR[$v]=$SPRING_JAR ;; *) JAR[$v]=$CLOAKROOM_JAR ;; esac
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "${JAR[$v]}" --variant "$v" --port "$port" --workdir "$work" >"$work/$v.log" 2>&1 &
  PID[$v]=$!
  for _ in $(seq 1 240); do
    grep -q "^READY $v " "$work/$v.log" 2>/dev/null && break
    kill -0 "${PID[$v]}" 2>/dev/null || { echo "$v died on start:"; tail -20 "$work/$v.log"; exit 1; } >&2
    sleep 0.5
  done
  grep -q "^READY $v " "$work/$v.log" || { echo "$v did not start in 120 s" >&2; exit 1; }
done
log "started: $(for v in $VARIANTS; do printf '%s:%s ' "$v" "${PORT[$v]}"; done)"

# ---- returning visitors: SESSIONS sessions made beforehand through the application ---------------------------
for v in $VARIANTS; do
  if [[ $v == none ]]; then
    # the ceiling keeps no session; its returning visitors send cookies of the same shape all the same
    (set +o pipefail; tr -dc 'a-z0-9' </dev/urandom | fold -w 32 | head -n "$SESSIONS" | sed 's/^/sessionid=/' >"$work/none.cookies")
    continue
  fi
  java -cp "$CLOAKROOM_JAR" dev.cloakroom.bench.http.BenchClient seed --url "http://127.0.0.1:${PORT[$v]}" \
    --sessions "$SESSIONS" --out "$work/$v.cookies" >"$work/$v.seed.log" 2>&1 \
    || { echo "seeding $v failed:"; tail -5 "$work/$v.seed.log"; exit 1; } >&2
done
log "seeded $SESSIONS sessions in each variant"

# ---- CPU time from /proc: a process and its direct children (PostgreSQL's backends) ---------------------------
ticks_of() { # pid -> utime+stime of the pid and its children, plus the root's reaped children (pgbench's
  # backends exit with pgbench, and their time then moves to the postmaster's cutime+cstime), in clock ticks
  local root=$1 total=0 stat rest fields
  for stat in /proc/[0-9]*/stat; do
    read -r stat_line 2>/dev/null <"$stat" || continue
    rest=${stat_line##*) }
    read -ra fields <<<"$rest"
    # after the comm: state(0) ppid(1) ... utime(11) stime(12)
    local pid=${stat%/stat}; pid=${pid#/proc/}
    if [[ $pid == "$root" ]]; then
      total=$((total + fields[11] + fields[12] + fields[13] + fields[14]))
    elif [[ ${fields[1]} == "$root" ]]; then
      total=$((total + fields[11] + fields[12]))
    fi
  done
  echo $total
}
listener_pid() { # port -> pid of the process listening on it, or empty
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2
}
PG_PID=$(listener_pid 5432); MARIADB_PID=$(listener_pid 3306); REDIS_PID=$(listener_pid 6379)
MEMCACHED_PID=$(listener_pid 11211)
store_pids() {
  case $1 in
    db-postgresql|spring-jdbc|pgbench) echo "$PG_PID" ;;
    db-mariadb) echo "$MARIADB_PID" ;;
    cache-redis|spring-redis) echo "$REDIS_PID" ;;
    cache-memcached) echo "$MEMCACHED_PID" ;;
    cached-db) echo "$PG_PID $REDIS_PID" ;;
    *) echo "" ;;
  esac
}
store_ticks() {
  local total=0 p
  for p in $(store_pids "$1"); do [[ -n $p ]] && total=$((total + $(ticks_of "$p"))); done
  echo $total
}

# ---- pgbench: one primary-key SELECT + one UPDATE on a table of django_session's shape ------------------------
if [[ $PGBENCH == 1 ]]; then
  data=$(printf 'x%.0s' $(seq 1 72))
  "${PSQL[@]}" -d cloakroom_bench <<SQL
CREATE TABLE bench_pgbench_session (session_key varchar(40) PRIMARY KEY, session_data text NOT NULL,
  expire_date timestamptz NOT NULL);
CREATE INDEX bench_pgbench_session_expire_date ON bench_pgbench_session (expire_date);
INSERT INTO bench_pgbench_session SELECT 'k' || n, '$data', now() + interval '14 days' FROM generate_series(1, $SESSIONS) n;
ANALYZE bench_pgbench_session;
SQL
  cat >"$work/pgbench.sql" <<SQL
\\set n random(1, $SESSIONS)
SELECT session_data, expire_date FROM bench_pgbench_session WHERE session_key = 'k' || :n;
UPDATE bench_pgbench_session SET session_data = '$data', expire_date = now() + interval '14 days' WHERE session_key = 'k' || :n;
SQL
fi

# ---- the rounds ------------------------------------------------------------------------------------------------
printf 'round\tscenario\tvariant\trequests\tok\terrors\tduration_us\tp50_us\tp99_us\tserver_ticks\tstore_ticks\n' >"$raw"
read -ra variants <<<"$VARIANTS"
measure() { # round scenario variant
  local round=$1 scenario=$2 v=$3 path cookies="" server0 store0 server1 store1 line
  case $scenario in
    *-count) path=/count ;; *-read) path=/read ;;
  esac
  [[ $scenario == returning-* ]] && cookies=$work/$v.cookies
  kill -0 "${PID[$v]}" 2>/dev/null || { log "$v is no longer running (see $work/$v.log); not measured"; return; }
  server0=$(ticks_of "${PID[$v]}"); store0=$(store_ticks "$v")
  line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s -s "$here/visitors.lua" \
    "http://127.0.0.1:${PORT[$v]}$path" -- "$cookies" | grep '^RESULT' || true)
  server1=$(ticks_of "${PID[$v]}"); store1=$(store_ticks "$v")
  [[ -n $line ]] || { log "wrk printed no result for $v $scenario"; return; }
  local requests duration status p50 p99 connect read write timeout
  requests=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$line")
  duration=$(sed -E 's/.*duration_us=([0-9]+).*/\1/' <<<"$line")
  status=$(sed -E 's/.* status=([0-9]+).*/\1/' <<<"$line")
  connect=$(sed -E 's/.*connect=([0-9]+).*/\1/' <<<"$line"); read=$(sed -E 's/.* read=([0-9]+).*/\1/' <<<"$line")
  write=$(sed -E 's/.* write=([0-9]+).*/\1/' <<<"$line"); timeout=$(sed -E 's/.*timeout=([0-9]+).*/\1/' <<<"$line")
  p50=$(sed -E 's/.*p50_us=([0-9]+).*/\1/' <<<"$line"); p99=$(sed -E 's/.*p99_us=([0-9]+).*/\1/' <<<"$line")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$scenario" "$v" "$requests" \
    $((requests - status)) $((status + connect + read + write + timeout)) "$duration" "$p50" "$p99" \
    $((server1 - server0)) $((store1 - store0)) >>"$raw"
}
measure_pgbench() { # round
  local store0 store1 output tps
  store0=$(store_ticks pgbench)
  output=$(pgbench -n -M prepared -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION" -f "$work/pgbench.sql" \
    -h 127.0.0.1 -U postgres cloakroom_bench 2>&1) || { log "pgbench failed: $output"; return; }
  store1=$(store_ticks pgbench)
  local count failed
  count=$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' <<<"$output")
  failed=$(sed -nE 's/^number of failed transactions: ([0-9]+).*/\1/p' <<<"$output"); failed=${failed:-0}
  printf '%s\tpgbench\tpgbench\t%s\t%s\t%s\t%s\t-\t-\t-\t%s\n' "$1" $((count + failed)) "$count" "$failed" \
    $((DURATION * 1000000)) $((store1 - store0)) >>"$raw"
}
for round in $(seq 1 "$ROUNDS"); do
  for scenario in $SCENARIOS; do
    # rotate the order each round, so no variant always runs first (on a cold cache) or last
    n=${#variants[@]}
    for i in $(seq 0 $((n - 1))); do
      measure "$round" "$scenario" "${variants[$(((i + round) % n))]}"
    done
    if [[ $PGBENCH == 1 && $scenario == returning-count ]]; then measure_pgbench "$round"; fi
  done
  log "round $round of $ROUNDS done"
done

# ---- were the writes really stored? ----------------------------------------------------------------------------
printf 'variant\tsum\tmissing\tseeded\tmethod\n' >"$persisted"
for v in $VARIANTS; do
  case $v in
    none|signed-cookies) method=none ;;
    jetty|cache-local) method=readback ;;  # the store lives in the server: read it back over HTTP
    *) method=store ;;                     # read the store of record from a separate process
  esac
  result=""
  case $method in
    readback) result=$(java -cp "$CLOAKROOM_JAR" dev.cloakroom.bench.http.BenchClient readback \
                --url "http://127.0.0.1:${PORT[$v]}" --cookies "$work/$v.cookies" 2>>"$work/$v.audit.log") ;;
    store)
      case $v in
        spring-*) result=$(java -cp "$SPRING_JAR" dev.cloakroom.bench.http.spring.SpringSessionAudit \
                    --variant "$v" --cookies "$work/$v.cookies" 2>>"$work/$v.audit.log") ;;
        *) result=$(java -cp "$CLOAKROOM_JAR" dev.cloakroom.bench.http.cloakroom.CloakroomAudit \
             --variant "$v" --cookies "$work/$v.cookies" --workdir "$work" 2>>"$work/$v.audit.log") ;;
      esac ;;
  esac
  sum=$(sed -nE 's/^SUM ([0-9]+) MISSING ([0-9]+)$/\1/p' <<<"$result")
  missing=$(sed -nE 's/^SUM ([0-9]+) MISSING ([0-9]+)$/\2/p' <<<"$result")
  printf '%s\t%s\t%s\t%s\t%s\n' "$v" "${sum:--}" "${missing:--}" "$SESSIONS" "$method" >>"$persisted"
done

# ---- the report ------------------------------------------------------------------------------------------------
java -cp "$CLOAKROOM_JAR" dev.cloakroom.bench.http.report.HttpReport --rounds "$raw" --persisted "$persisted" \
  --clk-tck "$CLK_TCK" --connections "$CONNECTIONS" --threads "$THREADS" --duration "$DURATION" \
  --sessions "$SESSIONS" >"$OUT/report.md"
cat "$OUT/report.md"
log "raw figures: $raw, $persisted; report: $OUT/report.md"
