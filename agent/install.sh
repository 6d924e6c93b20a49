#!/usr/bin/env bash
# Installs the Sentinel agent from this checkout as a systemd service.
#
#   sudo agent/install.sh API_KEY ENDPOINT
#   sudo agent/install.sh sk_live_... https://sentinel.example.com
#
# Copies the agent to /opt/sentinel-agent, installs its npm dependencies from the
# registry, compiles it to plain JavaScript, writes /etc/sentinel/agent.yml (kept
# when it already exists) and starts sentinel-agent.service. Nothing else is downloaded.
set -euo pipefail

INSTALL_DIR=/opt/sentinel-agent
CONFIG_DIR=/etc/sentinel
CONFIG_FILE=$CONFIG_DIR/agent.yml
SERVICE_USER=sentinel-agent
UNIT_FILE=/etc/systemd/system/sentinel-agent.service
MIN_NODE_MAJOR=20
SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

fail() {
  echo "install.sh: $*" >&2
  exit 1
}

[[ $# -eq 2 ]] || fail "usage: install.sh API_KEY ENDPOINT (for example https://sentinel.example.com)"
API_KEY=$1
ENDPOINT=$2
[[ -n $API_KEY ]] || fail "the API key is empty"
[[ $ENDPOINT =~ ^https?:// ]] || fail "invalid endpoint '$ENDPOINT': expected an http:// or https:// URL"
[[ $EUID -eq 0 ]] || fail "run as root (sudo), because it creates a user, a service and files under /etc and /opt"
command -v systemctl >/dev/null || fail "systemctl not found: this script installs a systemd service"

NODE_BIN=$(command -v node) || fail "node not found: install Node.js $MIN_NODE_MAJOR or later"
NODE_MAJOR=$("$NODE_BIN" -p 'process.versions.node.split(".")[0]')
((NODE_MAJOR >= MIN_NODE_MAJOR)) || fail "Node.js $MIN_NODE_MAJOR or later is required, found $("$NODE_BIN" --version)"

echo "Installing the agent to $INSTALL_DIR"
mkdir -p "$INSTALL_DIR"
rm -rf "$INSTALL_DIR/src" "$INSTALL_DIR/dist"
cp -R "$SOURCE_DIR/bin" "$SOURCE_DIR/src" "$SOURCE_DIR/scripts" "$SOURCE_DIR/package.json" \
  "$SOURCE_DIR/sentinel-agent.example.yml" "$SOURCE_DIR/README.md" "$INSTALL_DIR/"
# The agent package has no lockfile of its own (the checkout's lockfile covers the
# whole workspace), so npm resolves the version ranges of agent/package.json.
(cd "$INSTALL_DIR" && npm install --omit=dev --no-audit --no-fund --loglevel=error)
(cd "$INSTALL_DIR" && "$NODE_BIN" scripts/build.mjs)

if ! id "$SERVICE_USER" >/dev/null 2>&1; then
  echo "Creating system user $SERVICE_USER"
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$SERVICE_USER"
fi
SUPPLEMENTARY_GROUPS=""
if getent group docker >/dev/null; then
  # Reading containers needs the Docker socket, which the docker group may open.
  SUPPLEMENTARY_GROUPS="SupplementaryGroups=docker"
fi

mkdir -p "$CONFIG_DIR"
if [[ -e $CONFIG_FILE ]]; then
  echo "Keeping existing $CONFIG_FILE (edit endpoint and api_key there if they changed)"
else
  echo "Writing $CONFIG_FILE"
  umask 077
  {
    echo "# Sentinel agent settings; see $INSTALL_DIR/sentinel-agent.example.yml for every key."
    # JSON strings are valid YAML, so quotes or colons in the values cannot break the file.
    echo "endpoint: $(VALUE=$ENDPOINT "$NODE_BIN" -p 'JSON.stringify(process.env.VALUE)')"
    echo "api_key: $(VALUE=$API_KEY "$NODE_BIN" -p 'JSON.stringify(process.env.VALUE)')"
  } >"$CONFIG_FILE"
fi
chown root:"$SERVICE_USER" "$CONFIG_FILE"
chmod 640 "$CONFIG_FILE"

echo "Writing $UNIT_FILE"
cat >"$UNIT_FILE" <<UNIT
[Unit]
Description=Sentinel monitoring agent
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
User=$SERVICE_USER
$SUPPLEMENTARY_GROUPS
# A 2 MB young generation keeps the resident memory of this long-lived process low.
ExecStart=$NODE_BIN --max-semi-space-size=2 $INSTALL_DIR/dist/main.mjs --config $CONFIG_FILE
Environment=SENTINEL_SPOOL_DIR=/var/lib/sentinel-agent
StateDirectory=sentinel-agent
StateDirectoryMode=0700
# Reading the I/O counters and open files of other users' processes needs these two.
AmbientCapabilities=CAP_SYS_PTRACE CAP_DAC_READ_SEARCH
CapabilityBoundingSet=CAP_SYS_PTRACE CAP_DAC_READ_SEARCH
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=read-only
PrivateTmp=yes
Restart=always
RestartSec=5
TimeoutStopSec=15

[Install]
WantedBy=multi-user.target
UNIT

systemctl daemon-reload
systemctl enable sentinel-agent.service
systemctl restart sentinel-agent.service
echo "Started sentinel-agent.service; follow its log with: journalctl -u sentinel-agent -f"
