#!/usr/bin/env bash
# A throwaway Synapse homeserver for the integration tests: matrix-synapse from PyPI in a virtualenv, SQLite
# and media in a temporary directory, listening on 127.0.0.1 only.
#   Scripts/synapse.sh start   prints `export MATRIX_HOMESERVER_URL=http://127.0.0.1:PORT` when it answers
#   Scripts/synapse.sh stop    stops it and deletes its directory
# Environment: SYNAPSE_VERSION (default 1.163.2), SYNAPSE_PORT (default 8008), SYNAPSE_VENV (default
# .build-synapse/venv, kept between runs), SYNAPSE_STATE (default .build-synapse/state: pid and data directory).
set -euo pipefail
cd "$(dirname "$0")/.."
version=${SYNAPSE_VERSION:-1.163.2}
port=${SYNAPSE_PORT:-8008}
venv=${SYNAPSE_VENV:-.build-synapse/venv}
state=${SYNAPSE_STATE:-.build-synapse/state}

start() {
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import synapse, sys; sys.exit(synapse.__version__ != '$version')" 2>/dev/null; then
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check "matrix-synapse==$version" >&2
  fi
  stop_quietly
  mkdir -p "$state"
  data=$(mktemp -d)
  echo "$data" > "$state/data"
  "$venv/bin/python" -m synapse.app.homeserver --server-name localhost --config-path "$data/homeserver.yaml" \
    --data-directory "$data" --generate-config --report-stats=no >/dev/null
  "$venv/bin/python" - "$data" "$port" <<'PY'
import sys, yaml
data, port = sys.argv[1], int(sys.argv[2])
path = f"{data}/homeserver.yaml"
config = yaml.safe_load(open(path))
config.update({
    "listeners": [{"port": port, "bind_addresses": ["127.0.0.1"], "type": "http", "tls": False,
                   "x_forwarded": False, "resources": [{"names": ["client", "federation"], "compress": False}]}],
    "database": {"name": "sqlite3", "args": {"database": f"{data}/homeserver.db"}},
    "media_store_path": f"{data}/media",
    "enable_registration": True,
    "enable_registration_without_verification": True,
    "enable_authenticated_media": True,
    "url_preview_enabled": False,
    "trusted_key_servers": [],
    "suppress_key_server_warning": True,
    "report_stats": False,
    "room_list_publication_rules": [{"action": "allow"}],
    # GET /publicRooms has no security in the spec; Synapse asks for a token unless told otherwise.
    "allow_public_rooms_without_auth": True,
    # The tests register, log in and send quickly; the rate limiter is tested on its own.
    **{name: {"per_second": 1000, "burst_count": 1000} for name in
       ["rc_message", "rc_registration", "rc_joins", "rc_invites", "rc_3pid_validation", "rc_admin_redaction",
        "rc_media_create", "rc_presence", "rc_delayed_event_mgmt", "rc_room_creation"]},
    "rc_login": {name: {"per_second": 1000, "burst_count": 1000} for name in ["address", "account", "failed_attempts"]},
})
config.pop("log_config", None)
yaml.safe_dump(config, open(path, "w"))
PY
  "$venv/bin/python" -m synapse.app.homeserver -c "$data/homeserver.yaml" >"$data/synapse.out" 2>&1 &
  echo $! > "$state/pid"
  for _ in $(seq 120); do
    if curl -fsS "http://127.0.0.1:$port/_matrix/client/versions" >/dev/null 2>&1; then
      echo "export MATRIX_HOMESERVER_URL=http://127.0.0.1:$port"
      return 0
    fi
    if ! kill -0 "$(cat "$state/pid")" 2>/dev/null; then
      echo "Synapse exited:" >&2; tail -40 "$data/synapse.out" >&2; return 1
    fi
    sleep 0.5
  done
  echo "Synapse did not answer on port $port within 60 s" >&2; tail -40 "$data/synapse.out" >&2
  return 1
}

stop_quietly() {
  if [ -f "$state/pid" ]; then
    kill "$(cat "$state/pid")" 2>/dev/null || true
    for _ in $(seq 20); do kill -0 "$(cat "$state/pid")" 2>/dev/null || break; sleep 0.25; done
    rm -f "$state/pid"
  fi
  if [ -f "$state/data" ]; then rm -rf "$(cat "$state/data")"; rm -f "$state/data"; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop_quietly ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
