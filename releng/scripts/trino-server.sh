#!/usr/bin/env bash
# A single-node Trino 476 for tests and CI, over a lake folder written by `sextant export-lake`.
#
#   trino-server.sh start <work-dir> <lake-dir>   prints the HTTP port once the server has run a query
#   trino-server.sh stop  <work-dir>              stops the server started with that work folder
#
# The server is made from Maven artifacts alone: io.trino:trino-server-core:476:tar.gz (the server without
# connectors) and the trino-hive and trino-memory 476 plugin zips, fetched with Maven (so from the Maven
# repository the machine's Maven settings name) and unpacked once into $SEXTANT_CACHE/trino-476 (default
# ~/.cache/sextant): a second start downloads and unpacks nothing. It runs on a JDK 24 or newer (Trino 476's
# own requirement), found like the build's JDK, bound to 127.0.0.1 on a free port, with two catalogs:
#   lake     the Hive connector with a file metastore over <lake-dir> (locations in SQL are local:///<path in
#            the lake>, e.g. local:///events); its table definitions are kept in <lake-dir>/.trino-metastore
#   memory   tables in memory (Trino has no temporary tables)
# Its configuration, data and logs go into <work-dir>; the log is <work-dir>/data/var/log/server.log.
# SEXTANT_TRINO_START_TIMEOUT (seconds, default 240) bounds the wait for the server to answer.
set -euo pipefail
source "$(dirname "$0")/env.sh"

TRINO_VERSION=476
usage="usage: trino-server.sh start <work-dir> <lake-dir> | stop <work-dir>"
[ $# -ge 2 ] || die "$usage"
action=$1
work=$2

pid_file() {
    echo "$work/data/var/run/launcher.pid"
}

# The pid of the server running for this work folder, or nothing.
running_pid() {
    local file pid
    file=$(pid_file)
    [ -f "$file" ] || return 0
    pid=$(tr -dc '0-9' <"$file")
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
    return 0
}

# Unpacks the server and the two plugins into $install, once; later calls find them there.
install_trino() {
    local cache=${SEXTANT_CACHE:-$HOME/.cache/sextant}
    install=$cache/trino-$TRINO_VERSION
    [ -f "$install/.complete" ] && return
    bootstrap_maven
    mkdir -p "$cache"
    local partial download artifact log
    partial=$(mktemp -d "$cache/.trino-$TRINO_VERSION.partial-XXXXXX")
    download=$partial/download
    log=$partial/maven.log
    echo "sextant: fetching Trino $TRINO_VERSION (server core, hive and memory plugins; one time, about 470 MB) ..." >&2
    for artifact in trino-server-core:$TRINO_VERSION:tar.gz trino-hive:$TRINO_VERSION:zip trino-memory:$TRINO_VERSION:zip; do
        # run outside the project: its Tycho extension is not wanted for a plain copy
        (cd "$partial" && "$MVN" -B -ntp -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
            -Dartifact="io.trino:$artifact" -DoutputDirectory="$download") >>"$log" 2>&1 ||
            { rm -rf "$partial"; die "could not download io.trino:$artifact from the Maven repository (network or proxy?)"; }
    done
    tar -xzf "$download/trino-server-core-$TRINO_VERSION.tar.gz" -C "$partial"
    mv "$partial/trino-server-core-$TRINO_VERSION" "$partial/server"
    # the core tarball brings plugins of its own (geospatial, python functions, ...): none is used here, and
    # each one costs start time
    rm -rf "$partial/server/plugin"
    mkdir -p "$partial/server/plugin"
    local plugin
    for plugin in hive memory; do
        if command -v unzip >/dev/null 2>&1; then
            unzip -q "$download/trino-$plugin-$TRINO_VERSION.zip" -d "$partial/plugins"
        else
            mkdir -p "$partial/plugins" && (cd "$partial/plugins" && "$JAVA_HOME/bin/jar" xf "$download/trino-$plugin-$TRINO_VERSION.zip")
        fi
        mv "$partial/plugins/trino-$plugin-$TRINO_VERSION" "$partial/server/plugin/$plugin"
    done
    # the archives stay in the local Maven repository; the unpacked server is what is kept here
    rm -rf "$download" "$partial/plugins" "$log"
    touch "$partial/.complete"
    rm -rf "$install"
    mv "$partial" "$install" || { rm -rf "$partial"; [ -f "$install/.complete" ] || die "could not install Trino in $install"; }
}

# Whether the server at port runs SELECT 1 to the end: POST /v1/statement, then follow nextUri until there is none,
# failing on an error in any answer.
answers_query() {
    local port=$1 answer next polls=0
    answer=$(curl -s --max-time 10 -X POST -H 'X-Trino-User: sextant' --data 'SELECT 1' \
        "http://127.0.0.1:$port/v1/statement" || true)
    while :; do
        [ -n "$answer" ] || return 1
        [[ "$answer" == *'"error"'* ]] && return 1
        next=$(printf '%s' "$answer" | python3 -c 'import json, sys; print(json.load(sys.stdin).get("nextUri", ""))' 2>/dev/null) ||
            return 1
        [ -n "$next" ] || break
        [ "$polls" -lt 100 ] || return 1
        polls=$((polls + 1))
        answer=$(curl -s --max-time 10 -H 'X-Trino-User: sextant' "$next" || true)
    done
    [[ "$answer" == *'"state":"FINISHED"'* ]]
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

write_configuration() {
    local etc=$work/etc port=$1 lake=$2
    mkdir -p "$etc/catalog" "$work/data"
    cat >"$etc/node.properties" <<EOF
node.environment=test
node.id=sextant-test
node.data-dir=$work/data
node.bind-ip=127.0.0.1
node.internal-address=127.0.0.1
EOF
    cat >"$etc/jvm.config" <<EOF
-Xmx${SEXTANT_TRINO_HEAP:-2G}
-XX:+UseG1GC
-XX:+ExitOnOutOfMemoryError
-Dfile.encoding=UTF-8
-Djdk.attach.allowAttachSelf=true
EOF
    cat >"$etc/config.properties" <<EOF
coordinator=true
node-scheduler.include-coordinator=true
http-server.http.port=$port
discovery.uri=http://127.0.0.1:$port
query.max-memory=1GB
query.max-memory-per-node=512MB
catalog.config-dir=$etc/catalog
plugin.dir=$install/server/plugin
EOF
    # local.location is a plain path; inside SQL, locations are local:///... relative to it
    cat >"$etc/catalog/lake.properties" <<EOF
connector.name=hive
hive.metastore=file
hive.metastore.catalog.dir=local:///.trino-metastore
fs.native-local.enabled=true
local.location=$lake
hive.timestamp-precision=MICROSECONDS
EOF
    cat >"$etc/catalog/memory.properties" <<EOF
connector.name=memory
memory.max-data-per-node=256MB
EOF
}

start() {
    [ $# -ge 3 ] || die "$usage"
    local lake=$3
    [ -d "$lake" ] || die "no lake folder $lake; write one with sextant export-lake $lake --project <dir>"
    lake=$(cd "$lake" && pwd)
    mkdir -p "$work"
    work=$(cd "$work" && pwd)
    local pid
    pid=$(running_pid)
    [ -z "$pid" ] || die "a Trino server is already running for $work (pid $pid, port $(cat "$work/port" 2>/dev/null)); stop it first: trino-server.sh stop $work"
    find_jdk 24
    install_trino
    local port
    port=$(free_port)
    write_configuration "$port" "$lake"
    echo "$port" >"$work/port"
    rm -f "$work/data/var/log/server.log"
    JAVA_HOME=$JAVA_HOME "$install/server/bin/launcher" start --etc-dir="$work/etc" --data-dir="$work/data" \
        --pid-file="$(pid_file)" >"$work/launcher.out" 2>&1 ||
        die "the Trino launcher failed: $(tail -n 3 "$work/launcher.out" | tr '\n' ' ')"
    local timeout=${SEXTANT_TRINO_START_TIMEOUT:-240} waited=0 info
    while :; do
        info=$(curl -s --max-time 5 "http://127.0.0.1:$port/v1/info" || true)
        # "starting":false comes before the node is active in the scheduler ("No nodes available to run
        # query"): ready is when a query runs to the end
        if [[ "$info" == *'"starting":false'* ]] && answers_query "$port"; then
            break
        fi
        if [ -z "$(running_pid)" ]; then
            die "Trino stopped while starting: $(grep -m1 -E '(ERROR|Exception)' "$work/data/var/log/server.log" 2>/dev/null | cut -c1-400) (log: $work/data/var/log/server.log)"
        fi
        if [ "$waited" -ge "$timeout" ]; then
            stop_server
            die "Trino did not answer on port $port within $timeout s (SEXTANT_TRINO_START_TIMEOUT); stopped it; its log: $work/data/var/log/server.log"
        fi
        sleep 1
        waited=$((waited + 1))
    done
    echo "$port"
}

stop_server() {
    local pid waited=0
    pid=$(running_pid)
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$waited" -ge 30 ]; then
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 1
        waited=$((waited + 1))
    done
    rm -f "$(pid_file)"
}

case "$action" in
start) start "$@" ;;
stop)
    [ -d "$work" ] || die "no Trino work folder $work"
    work=$(cd "$work" && pwd)
    stop_server
    ;;
*) die "$usage" ;;
esac
