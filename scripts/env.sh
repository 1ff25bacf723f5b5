# Shared settings for the scripts in this folder; sourced, never run.
#   FRAPPE_BENCH   the bench (default /opt/frappe-bench); scripts/bench-init makes it when missing
#   FRAPPE_SOURCE  where bench init clones Frappe from (default the upstream repository; a local Git
#                  checkout with a version-15 branch works too)
# shellcheck shell=bash

APP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=${FRAPPE_BENCH:-/opt/frappe-bench}
FRAPPE_SOURCE=${FRAPPE_SOURCE:-https://github.com/frappe/frappe}
FRAPPE_BRANCH=${FRAPPE_BRANCH:-version-15}
DB_ROOT_PASSWORD=${DB_ROOT_PASSWORD:-root}
ADMIN_PASSWORD=${ADMIN_PASSWORD:-admin}

# The bench command lives in a virtual environment of its own, pinned, outside the bench and this checkout.
BENCH_CLI_VERSION=5.31.1
BENCH_CLI=${BENCH_CLI:-${XDG_CACHE_HOME:-$HOME/.cache}/ansvarsgruppe-bench-cli}
export PATH="$BENCH_CLI/bin:$PATH"
# bench warns about editable installs and missing env vars unless told it runs for a developer.
export BENCH_DEVELOPER=1

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
	echo "[setup] installing $* from Debian's packages"
	as_root apt-get update -qq
	DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

bench_exists() { [ -x "$BENCH/env/bin/python" ] && [ -d "$BENCH/apps/frappe" ] && [ -f "$BENCH/sites/common_site_config.json" ]; }

# The site's name resolves to 127.0.0.1 (added to /etc/hosts when it does not resolve).
resolve_locally() {
	getent hosts "$1" >/dev/null 2>&1 || echo "127.0.0.1 $1" | as_root tee -a /etc/hosts >/dev/null
}

# A free TCP port on loopback.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Reads or writes one key of a JSON config file: json_config FILE KEY [VALUE] ("" as VALUE removes it).
json_config() {
	python3 - "$@" <<'PY'
import json, os, sys
path, key, *value = sys.argv[1:]
config = json.load(open(path)) if os.path.exists(path) else {}
if not value:
	print(config.get(key, ""))
	sys.exit()
if value[0] == "":
	config.pop(key, None)
else:
	try:
		config[key] = json.loads(value[0])
	except ValueError:
		config[key] = value[0]
with open(path, "w") as f:
	json.dump(config, f, indent=1)
PY
}
