#!/usr/bin/env bash
# End-to-end test of the command line: runs the BUILT product's `sextant` script on tier S data, as a user
# would, and checks exit codes and outputs: sample -> validate -> sql -> run (the playbook Q3Growth) ->
# report (a PDF showing the member count the segment's SQL gives on the data) -> history -> publish, an import with bad rows and duplicates, and every user mistake (one line on stderr
# starting with "sextant: ", exit code 1, nothing half-written). Run by this module's pom in the
# integration-test phase (so by releng/test.sh); fails, naming every failed check, when one fails.
# Usage: test-cli.sh <product folder> <work folder>; JAVA_HOME must name a Java 21+.
set -uo pipefail
product=$(cd "$1" && pwd)
work=$2
sextant="$product/sextant"
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
# a configuration cache of its own: the first start is measured as a user's first start
export XDG_CACHE_HOME="$work/cache"
unset SEXTANT_USER SEXTANT_VM_ARGS
# checks and failures are counted in files: groups of mistakes run in parallel subshells
failures="$work/failures.txt"
checks="$work/checks.txt"
: >"$failures"
: >"$checks"
timings="$work/timings.txt"
: >"$timings"
marker="$work/.started"
touch "$marker"
sleep 1 # file times have a resolution of a second on some file systems

fail() {
    echo "FAILED: $*" >>"$failures"
    echo "FAILED: $*" >&2
}

check() {
    echo . >>"$checks"
}

# run <name> <expected exit code> <arguments...>: runs sextant in the work folder; stdout and stderr are kept
# in <name>.out and <name>.err; the wall time goes to timings.txt
run() {
    local name=$1 expected=$2
    shift 2
    local start end code
    start=$(date +%s%N)
    (cd "$work" && "$sextant" "$@" >"$work/$name.out" 2>"$work/$name.err" </dev/null)
    code=$?
    end=$(date +%s%N)
    printf '%-28s %6.1f s  sextant %s\n' "$name" "$(((end - start) / 1000000))e-3" "$*" >>"$timings"
    check
    if [ "$code" != "$expected" ]; then
        fail "$name: exit code $code, expected $expected: sextant $*"
        sed 's/^/    stderr: /' "$work/$name.err" | tail -n 5 >&2
        return 1
    fi
    echo "ok: $name (exit $code)"
}

# has <name> <out|err> <text>: the output contains the text (a fixed string)
has() {
    check
    grep -qF -- "$3" "$work/$1.$2" || { fail "$1: std$2 lacks '$3'"; sed 's/^/    /' "$work/$1.$2" | head -n 20 >&2; }
}

# lines <name> <out|err> <count> <pattern>: that many lines match the extended regular expression
lines() {
    local found
    found=$(grep -cE -- "$4" "$work/$1.$2")
    check
    [ "$found" = "$3" ] || { fail "$1: $found lines of std$2 match '$4', expected $3"; sed 's/^/    /' "$work/$1.$2" | head -n 20 >&2; }
}

# mistake <name> <text> <arguments...>: exit code 1, exactly one line on stderr, "sextant: ...<text>...", nothing on stdout
mistake() {
    local name=$1 text=$2
    shift 2
    run "$name" 1 "$@" || return
    check
    local count
    count=$(wc -l <"$work/$name.err")
    if [ "$count" != 1 ] || ! head -n 1 "$work/$name.err" | grep -q '^sextant: '; then
        fail "$name: stderr is not one line starting with 'sextant: ':"
        sed 's/^/    /' "$work/$name.err" >&2
    fi
    has "$name" err "$text"
    [ ! -s "$work/$name.out" ] || fail "$name: wrote to stdout: $(head -c 200 "$work/$name.out")"
}

absent() {
    check
    [ ! -e "$work/$1" ] || fail "$1 exists after a failed command: $(ls -A "$work/$1" | head -n 5 | tr '\n' ' ')"
}

total_start=$(date +%s)

# --- start: two first starts at once on an empty configuration cache, then the start time of --help
(cd "$work" && "$sextant" --help >"$work/help-first-a.out" 2>"$work/help-first-a.err") &
first_a=$!
run help-first-b 0 --help
wait "$first_a" || fail "help-first-a: a concurrent first start failed: $(head -n 3 "$work/help-first-a.err")"
has help-first-a out "Usage: sextant <command>"
for i in 1 2 3; do
    run "help-$i" 0 --help
done
has help-1 out "Exit codes:"
for command in init sample import export-lake datasource validate sql catalog size members analyses run results history publish; do
    has help-1 out "  $command "
done
[ ! -s "$work/help-1.err" ] || fail "help-1: stderr is not empty: $(head -n 3 "$work/help-1.err")"
run help-import 0 import --help
has help-import out "Usage: sextant import <file> --project <dir> [--mapping <settings>] [--users]"
has help-import out "prop.NAME=TYPE"
run help-publish 0 publish --help
has help-publish out "in review  -> published"

# --- the sample project, validated, its SQL, the playbook run, history and the review workflow
run sample 0 sample p --tier S --seed 42
has sample out "470 users"
# progress shows only after the console's quiet period (3 s of work): a tier S sample on DuckDB often ends before
# it, and then stderr must be empty; a slower one must show its progress
sample_seconds=$(awk '$1 == "sample" { print int($2) }' "$timings")
if [ "${sample_seconds:-0}" -ge 7 ]; then
    has sample err "% Creating the sample project"
else
    check
    [ ! -s "$work/sample.err" ] || fail "sample: a quick sample wrote to stderr: $(head -c 200 "$work/sample.err")"
fi
check
[ -f "$work/p/definitions/growth.seg" ] && [ -f "$work/p/.sextant/events.duckdb" ] || fail "sample: no definitions or DuckDB data in p"

run validate 0 validate p
[ ! -s "$work/validate.out" ] || fail "validate: problems printed for the sample: $(head -n 3 "$work/validate.out")"
has validate err "0 errors, 0 warnings in 2 .seg files: valid"
run validate-json 0 validate p --json
check
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["files"]==2 and d["errors"]==0 and d["problems"]==[], d' \
    "$work/validate-json.out" || fail "validate-json: not the expected JSON"

run sql 0 sql Explorers --project p --as-of 2025-04-30
has sql out "-- sample.growth.Explorers, duckdb, as of 2025-04-30"
has sql out "'feature_viewed'"
has sql out "timestamp '2025-05-01 00:00:00"
run sql-postgresql 0 sql sample.growth.Retention7 --project p --dialect postgresql --bind
has sql-postgresql out "-- sample.growth.Retention7, postgresql, as of"
has sql-postgresql out "-- 1: "

run playbook 0 run Q3Growth --project p --user alice
for analysis in segment-value cohort-retention funnel behaviour-outcome paths experiment; do
    lines playbook out 1 "^run [0-9]+ $analysis succeeded \([0-9]+ results?\)$"
done
has playbook out "playbook sample.growth.Q3Growth: 6 analyses as of 2025-05-05"
run analysis 0 run segment-value --project p --param metric=LifetimeValue --param segments=Explorers --as-of 2025-04-30
lines analysis out 1 "^run 7 segment-value succeeded"

# the report of the runs just stored: a PDF whose segment table shows the member count that the segment's own
# SQL, run straight on the project's data (not through Sextant), gives
run report 0 report Q3Growth --project p --format pdf --out q3.pdf
has report out "q3.pdf"
check
if [ -s "$work/q3.pdf" ] && pdftotext -layout "$work/q3.pdf" "$work/q3.txt"; then
    run sql-explorers 0 sql Explorers --project p
    sed '/^--/d' "$work/sql-explorers.out" >"$work/explorers.sql"
    duckdb=$(ls "$product"/plugins/org.duckdb.duckdb_jdbc_*.jar 2>/dev/null | head -n 1)
    members=$("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$duckdb" "$(dirname "$0")/test/CountRows.java" "jdbc:duckdb:$work/p/.sextant/events.duckdb" "$work/explorers.sql")
    check
    if [[ "$members" =~ ^[0-9]+$ ]] && [ "$members" -gt 0 ]; then
        grep -Eq "^ *Explorers +$members " "$work/q3.txt" ||
            fail "report: the PDF's segment table does not show Explorers with $members members: $(grep -m 3 'Explorers' "$work/q3.txt" | tr -s ' ')"
    else
        fail "report: the Explorers SQL could not be counted on the project's data: $members"
    fi
    for text in "Q3 growth playbook" "Growth team" "Provenance" "2025-05-05"; do
        check
        grep -q "$text" "$work/q3.txt" || fail "report: the PDF has no '$text'"
    done
else
    fail "report: q3.pdf is missing, empty or not a PDF"
fi
mistake report-no-runs "has no stored run as of 2025-04-01" report Q3Growth --project p --format pdf --out early.pdf --as-of 2025-04-01
mistake report-bad-format "html or pdf" report Q3Growth --project p --format docx --out q3.docx
absent early.pdf
absent q3.docx

# --- data out: segment sizes, members, the catalog, a stored run's results, the analyses and their parameters
run size 0 size Explorers Stuck --project p --as-of 2025-04-30
lines size out 1 '^segment,users,as_of$'
lines size out 1 '^sample\.growth\.Explorers,[0-9]+,2025-04-30$'
lines size out 1 '^sample\.growth\.Stuck,[0-9]+,2025-04-30$'
explorers=$(sed -n 's/^sample\.growth\.Explorers,\([0-9]*\),.*/\1/p' "$work/size.out")
run size-json 0 size sample.growth.Explorers --project p --as-of 2025-04-30 --json
check
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["sizes"][0]; assert d["asOf"]=="2025-04-30" and s["segment"]=="sample.growth.Explorers" and type(s["users"]) is int and s["users"]==int(sys.argv[2]) and s["users"]>0, d' \
    "$work/size-json.out" "${explorers:-0}" || fail "size-json: not the sizes the CSV gives ($explorers)"
run members 0 members Explorers --project p --as-of 2025-04-30
lines members out 1 '^user_id$'
lines members out "${explorers:-x}" '^u[0-9]+$'
check
sort -c <(tail -n +2 "$work/members.out") 2>/dev/null || fail "members: the ids are not sorted"
run members-file 0 members Explorers --project p --as-of 2025-04-30 --output explorers.csv
has members-file err "members of sample.growth.Explorers as of 2025-04-30 written to explorers.csv"
check
cmp -s "$work/members.out" "$work/explorers.csv" || fail "members-file: explorers.csv differs from the members printed"
[ ! -s "$work/members-file.out" ] || fail "members-file: wrote to stdout"
# files made for the user get the umask's permissions, not a temporary file's 0600
expected_mode=$(printf '%o' $((0666 & ~0$(umask))))
check
[ "$(stat -c %a "$work/explorers.csv")" = "$expected_mode" ] || fail "members-file: explorers.csv is $(stat -c %a "$work/explorers.csv"), not $expected_mode"
check
[ "$(stat -c %a "$work/q3.pdf")" = "$expected_mode" ] || fail "report: q3.pdf is $(stat -c %a "$work/q3.pdf"), not $expected_mode"
run catalog 0 catalog --project p
has catalog out "Events ("
lines catalog out 1 '^  feature_viewed: [0-9,]+ events, [0-9,]+ users, '
run catalog-json 0 catalog --project p --json
check
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); e={x["name"]: x for x in d["events"]}; f=e["feature_viewed"]; assert type(f["volume"]) is int and f["volume"]>0 and type(f["users"]) is int and all(type(p["present"]) is int and p["type"] in ("text","number","boolean","timestamp") for x in d["events"] for p in x["properties"]), d' \
    "$work/catalog-json.out" || fail "catalog-json: not the expected JSON"
# --- export-lake: the events as Parquet by day, the users and a manifest whose row counts are the catalog's and
# the files'; a second export into the same folder, one without a parent folder and one of a project without
# data are refused with one line, and nothing is written
run export-lake 0 export-lake lake --project p
has export-lake out "Parquet (data fingerprint sha256:"
check
python3 -c 'import json,sys,os; m=json.load(open(sys.argv[1])); c=json.load(open(sys.argv[2])); t={x["name"]: x for x in m["tables"]}; e=t["events"]; days=[d for d in os.listdir(sys.argv[3]) if d.startswith("day=")]; assert m["format"]=="sextant-lake" and e["rows"]==sum(x["volume"] for x in c["events"]) and t["users"]["rows"]==470 and e["partitionedBy"]=="day" and e["partitions"]==len(days)>0 and any(col.get("property")=="amount" and col["sextantType"]=="number" for col in e["columns"]), m' \
    "$work/lake/manifest.json" "$work/catalog-json.out" "$work/lake/events" || fail "export-lake: the manifest does not describe the catalog's events, 470 users and the day folders"
echo "SELECT * FROM read_parquet('$work/lake/events/*/*.parquet')" >"$work/lake-events.sql"
lake_rows=$("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$(ls "$product"/plugins/org.duckdb.duckdb_jdbc_*.jar | head -n 1)" "$(dirname "$0")/test/CountRows.java" "jdbc:duckdb:" "$work/lake-events.sql")
check
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["tables"][0]["rows"]==int(sys.argv[2])' "$work/lake/manifest.json" "$lake_rows" ||
    fail "export-lake: the Parquet files hold $lake_rows events, not the manifest's count"
check
! compgen -G "$work/.lake.partial-*" >/dev/null || fail "export-lake: its hidden work folder is left"
mistake export-lake-not-empty "lake is not empty; give a new or empty folder for the lake" export-lake lake --project p
check
[ "$(ls "$work/lake")" = "$(printf 'events\nmanifest.json\nusers')" ] || fail "export-lake-not-empty: the lake changed: $(ls "$work/lake" | tr '\n' ' ')"
mistake export-lake-no-parent "there is no folder nowhere to make lake in" export-lake nowhere/lake --project p
absent nowhere
# --- datasource: what needs no Trino server (a real one: TrinoDifferentialTest, -Ptrino): the settings of an
# embedded project, and mistakes refused with one line naming the option, the settings file never written
run datasource-show 0 datasource show --project p
has datasource-show out "embedded "
mistake datasource-bad-url "--url: 'ftp://trino:8080' is not http://host:port or https://host:port (TLS)" \
    datasource trino --project p --url ftp://trino:8080 --user ana --catalog lake --schema s --events-table events
mistake datasource-unreachable "--url: cannot reach the Trino server at http://127.0.0.1:1" \
    datasource trino --project p --url http://127.0.0.1:1 --user ana --catalog lake --schema s --events-table events --test
mistake datasource-missing "--events-table is required for a Trino data source" \
    datasource trino --project p --url http://127.0.0.1:1 --user ana --catalog lake --schema s
mistake datasource-unknown "datasource: unknown action 'spark'; known: trino, show, clear" datasource spark --project p
absent p/.sextant/datasource.properties
run results-json 0 results 7 --project p --format json
check
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["id"]==7 and d["analysis"]=="segment-value" and d["status"]=="succeeded" and d["parameters"]["metric"]=="LifetimeValue" and d["results"], d; open(sys.argv[2],"w").write(str(len(d["results"])))' \
    "$work/results-json.out" "$work/results-count.txt" || fail "results-json: not the run 7 with its results"
check
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["dataFingerprint"]==json.load(open(sys.argv[2]))["dataFingerprint"]' \
    "$work/results-json.out" "$work/lake/manifest.json" || fail "export-lake: the manifest's data fingerprint is not the one run 7 recorded"
run results-csv 0 results 7 --project p
results_count=$(cat "$work/results-count.txt" 2>/dev/null || echo 0)
if [ "$results_count" -gt 1 ]; then lines results-csv out "$results_count" '^# result: '; fi
first_result=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["name"])' "$work/results-json.out" 2>/dev/null)
run results-one 0 results 7 --project p --result "$first_result"
lines results-one out 0 '^# result: '
check
[ "$(wc -l <"$work/results-one.out")" -ge 2 ] || fail "results-one: no header and rows"
run run-json 0 run segment-value --project p --param metric=LifetimeValue --param segments=Explorers,Stuck --as-of 2025-04-30 --json
has run-json err "analysis segment-value as of 2025-04-30"
check
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==1 and d[0]["id"]==8 and d[0]["status"]=="succeeded" and d[0]["results"] and all(type(v) in (int,float) or v is None for r in d[0]["results"] if r["type"]=="table" for c in r["columns"] if c["kind"]=="number" for v in c["values"]), d' \
    "$work/run-json.out" || fail "run-json: not the run with its results as JSON"
run analyses 0 analyses
for analysis in segment-value cohort-retention funnel behaviour-outcome paths experiment; do
    lines analyses out 1 "^$analysis - "
done
has analyses out "  --param metric="
run analyses-json 0 analyses --json
check
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); a={x["id"]: x for x in d}; p={q["name"]: q for q in a["segment-value"]["parameters"]}; assert p["metric"]["type"]=="metric" and p["segments"]["type"]=="segments" and p["segments"]["required"] is True and p["split"]["default"]=="halves" and all("default" in q for x in d for q in x["parameters"]), d' \
    "$work/analyses-json.out" || fail "analyses-json: not the analyses with their parameters"
run run-analysis-help 0 run segment-value --help
has run-analysis-help out "Usage: sextant run <name>"
has run-analysis-help out "The analysis segment-value - "
has run-analysis-help out "  --param metric="
mistake results-unknown "there is no run 999 in p; the latest: 8 (segment-value)" results 999 --project p
mistake results-not-number "<run-id>: 'seven' is not a run number" results seven --project p
mistake results-bad-format "--format: 'xml' is not a format; use csv or json" results 7 --project p --format xml
mistake results-bad-name "run 7 has no result 'Nope'; its results: " results 7 --project p --result Nope
mistake size-unknown "no segment 'Nope' in the .seg files of p" size Explorers Nope --project p
mistake size-none "size: missing <segment>" size --project p
mistake members-no-folder "--output: there is no folder" members Explorers --project p --output nowhere/m.csv
mistake size-no-project "no project folder nowhere; make one with sextant init nowhere" size Explorers --project nowhere
absent nowhere

# --- init: an empty project that validates, and is refused over a non-empty folder
run init 0 init "New Project"
has init out "created the project New Project with definitions/new_project.seg"
check
grep -q '^package new_project$' "$work/New Project/definitions/new_project.seg" || fail "init: no package line in new_project.seg"
run validate-init 0 validate "New Project"
has validate-init err "0 errors, 0 warnings in 1 .seg files: valid"
mistake init-not-empty "p is not empty" init p

run history 0 history Explorers --project p --user alice
has history out "sample.growth.Explorers (segment)"
lines history out 1 "^1 +1 +draft +alice "
run submit 0 publish Explorers --version 1 --project p --user alice
has submit out "sample.growth.Explorers version 1 is in review"
mistake publish-by-author "a version must be reviewed by someone other than its authors" \
    publish Explorers --version 1 --project p --user alice
run publish 0 publish Explorers --version 1 --project p --user bob
has publish out "sample.growth.Explorers version 1 is published (reviewed by bob)"
run history-published 0 history sample.growth.Explorers --project p --user carol
lines history-published out 1 "^1 +[0-9]+ +published +alice .* bob"
mistake publish-again "is already published" publish Explorers --version 1 --project p --user bob
mistake publish-no-version "has no version 7; its versions: 1 (published)" publish Explorers --version 7 --project p

# --- convert: a project already on DuckDB, or without data, is told so and nothing changes
mistake convert-duckdb "the events are already in DuckDB" convert p
mkdir -p "$work/fresh-convert-target"
mistake convert-nodata "no H2 event store" convert fresh-convert-target
absent p/.sextant/h2-backup

# --- import: a file with a bad row and a duplicate, into a new project; again without --mapping (remembered)
mkdir -p "$work/imp"
printf 'uid,name,ts,amount\nu1,purchase,2025-01-02T10:00:00Z,12.5\nu2,purchase,not-a-time,3\nu1,purchase,2025-01-02T10:00:00Z,12.5\nu3,login,2025-01-03T08:00:00Z,\n' >"$work/events.csv"
printf 'uid,signup\nu1,2025-01-01T00:00:00Z\nu2,2025-01-01T00:00:00Z\n' >"$work/users.csv"
run import 0 import events.csv --project imp --mapping 'user=uid,event=name,time=ts:iso,prop.amount=number'
has import out "events.csv: 4 rows read, 2 imported, 1 duplicates dropped, 1 quarantined"
has import out "events.csv row 3: unparsable timestamp"
run import-users 0 import users.csv --project imp --users --mapping user=uid,signup=signup
has import-users out "users.csv: 2 rows read, 2 imported, 0 duplicates dropped, 0 quarantined"
run import-again 0 import events.csv --project imp
has import-again out "with --mapping user=uid,event=name,time=ts:iso,prop.amount=number"
has import-again out "0 imported, 3 duplicates dropped, 1 quarantined"

# --- mistakes: one line on stderr, exit code 1, nothing written; three at a time, at most one of them
# opening the project p (its DuckDB file takes one process at a time)
mkdir -p "$work/fresh" "$work/nodata/definitions"
cp "$work"/p/definitions/*.seg "$work/nodata/definitions/"
# an interrupted sample leaves no project folder: killed once its hidden folder exists
(cd "$work" && exec "$sextant" sample killed >/dev/null 2>&1) &
sample_pid=$!
mistake unknown-command "unknown command 'bogus'" bogus &
mistake unknown-option "unknown option '--jsn'" validate p --jsn &
wait_for=60
while [ "$wait_for" -gt 0 ] && ! compgen -G "$work/.killed.partial-*" >/dev/null; do
    sleep 1
    wait_for=$((wait_for - 1))
done
check
compgen -G "$work/.killed.partial-*" >/dev/null || fail "interrupted sample: it never started writing"
kill -TERM "$sample_pid" 2>/dev/null
wait "$sample_pid" 2>/dev/null
absent killed
wait
# the next sample of that folder removes the hidden folder the killed one left
if run sample-after-kill 0 sample killed; then
    check
    ! compgen -G "$work/.killed.partial-*" >/dev/null || fail "sample after a killed one: the killed one's hidden folder is left"
fi
mistake missing-file "no file nope.csv" import nope.csv --project fresh --mapping user=u,event=e,time=t &
mistake bad-mapping "--mapping: unknown setting 'evnt'" import events.csv --project fresh --mapping user=uid,evnt=name,time=ts &
mistake bad-mapping-type "--mapping: prop.amount: 'nmber' is not a type" \
    import events.csv --project fresh --mapping user=uid,event=name,time=ts,prop.amount=nmber &
wait
mistake mapping-fields "names the field 'user_id', which the file does not have" \
    import events.csv --project fresh --mapping user=user_id,event=name,time=ts &
mistake unknown-definition "no definition 'Nope' in the .seg files of p; known: " sql Nope --project p &
mistake bad-dialect "unknown SQL dialect 'oracle'" sql Explorers --project p --dialect oracle &
wait
absent fresh/.sextant
mistake no-mapping "no mapping is remembered for events.csv" import events.csv --project fresh &
mistake not-sql "is a playbook; only segments and metrics have SQL" sql Q3Growth --project p &
mistake invalid-date "--as-of: '2025-02-30' is not a date" run Q3Growth --project p --as-of 2025-02-30 &
wait
mistake unknown-playbook "no playbook or analysis 'Q4Growth' in p; playbooks: sample.growth.Q3Growth" run Q4Growth --project p &
mistake bad-param "--param: 'metric' is not name=value" run segment-value --project p --param metric &
mistake missing-project "no project folder nowhere" validate nowhere &
wait
mistake no-data "the project nodata has no event data yet" run Q3Growth --project nodata &
mistake not-empty "p is not empty" sample p &
mistake bad-tier "--tier: 'XL' is not a tier" sample newp --tier XL &
wait
mistake export-lake-no-data "the project nodata has no event data yet" export-lake nodata-lake --project nodata
absent nodata/.sextant
absent newp
absent nodata-lake

# a project with an error: validate names it on its line and exits 1; sql refuses with the first error
cp -r "$work/p" "$work/broken"
printf 'package sample.broken\n\nsegment Broken {\n    owner "t"\n    where in segment Missing\n}\n' >"$work/broken/definitions/broken.seg"
run validate-broken 1 validate broken
lines validate-broken out 1 "^definitions/broken.seg:5:[0-9]+: error: .*Missing"
has validate-broken err "sextant: 1 error, 0 warnings in 3 .seg files"
run validate-broken-json 1 validate broken --json
check
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); p=d["problems"][0]; assert d["errors"]==1 and p["file"]=="definitions/broken.seg" and p["line"]==5 and p["severity"]=="error", d' \
    "$work/validate-broken-json.out" || fail "validate-broken-json: not the expected JSON"
mistake sql-broken "definitions/broken.seg:5:" sql Explorers --project broken

# a time before year 1 cannot be written as a SQL literal the way it is bound (the sign was dropped): refused,
# while --bind prints the values as bound
mistake sql-before-year-1 "has the time 0000-12-14T00:00, outside the years 1 to 9999" sql ActiveUsers --project p --as-of 0001-01-10
run sql-before-year-1-bind 0 sql ActiveUsers --project p --as-of 0001-01-10 --bind
has sql-before-year-1-bind out "-- 4: 0000-12-14T00:00"

# a file that is not UTF-8 is an error of that file, with its path and line; the other files' problems are still told
printf 'package sample.latin\n\n// caf\xe9 in Latin-1\n' >"$work/broken/definitions/latin.seg"
run validate-latin 1 validate broken
lines validate-latin out 1 '^definitions/latin.seg:3:1: error: not UTF-8 text: the byte 0xE9 at line 3 is not UTF-8'
lines validate-latin out 1 "^definitions/broken.seg:5:[0-9]+: error: .*Missing"
has validate-latin err "sextant: 2 errors, 0 warnings in 4 .seg files"
# a window of 100,000,000 weeks overflowed in the engine (exit 2): now an error of validation, at its line
mkdir -p "$work/huge/definitions"
printf 'package sample.huge\n\nsegment Huge {\n    owner "t"\n    where count "purchase" within 100000000 weeks after signup >= 1\n}\n' >"$work/huge/definitions/huge.seg"
run validate-huge 1 validate huge
lines validate-huge out 1 '^definitions/huge.seg:5:[0-9]+: error: a time window is at most 100 years'
# a condition nested 5,000 deep overflowed the parser's stack (exit 2, "internal error"): one error on its line;
# a chain of 50,000 'and's took 35 s to validate: linear now, a few seconds
mkdir -p "$work/deep/definitions"
{
    printf 'package sample.deep\n\nsegment Deep {\n    owner "t"\n    where '
    printf '(%.0s' $(seq 5000)
    printf 'did "signup"'
    printf ')%.0s' $(seq 5000)
    printf '\n}\n\nsegment Chain {\n    owner "t"\n    where did "signup"\n'
    yes '        and did "signup"' | head -n 49999
    printf '}\n'
} >"$work/deep/definitions/deep.seg"
run validate-deep 1 validate deep
lines validate-deep out 1 "^definitions/deep.seg:5:[0-9]+: error: this condition nests 5,000 levels deep"
lines validate-deep out 1 .
lines validate-deep err 1 .
has validate-deep err "sextant: 1 error, 0 warnings in 1 .seg files"
deep_seconds=$(awk '$1 == "validate-deep" { print int($2) }' "$timings")
check
[ "${deep_seconds:-99}" -lt 20 ] || fail "validate-deep: took ${deep_seconds:-?} s; a chain of 50,000 'and's validates in linear time"

# the product folder was not written to (it may be read-only)
check
written=$(find "$product" -newer "$marker" | head -n 5)
[ -z "$written" ] || fail "the product folder was written to: $written"

total=$(($(date +%s) - total_start))
echo "total: $total s for $(wc -l <"$checks") checks" >>"$timings"
echo "--- times (also in $timings)"
cat "$timings"
if [ -s "$failures" ]; then
    echo "sextant end-to-end test: $(wc -l <"$failures") of $(wc -l <"$checks") checks FAILED:" >&2
    cat "$failures" >&2
    exit 1
fi
echo "sextant end-to-end test: all $(wc -l <"$checks") checks passed in $total s"
