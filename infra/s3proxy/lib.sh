# Helpers shared by the infra/s3proxy scripts; sourced after infra/env.sh. Not executable.
# shellcheck shell=bash disable=SC2034 # variables used by the scripts that source this file

S3PROXY_PID_FILE="$S3PROXY_HOME_DIR/s3proxy.pid"
S3PROXY_LOG_DIR="$S3PROXY_HOME_DIR/logs"
S3PROXY_CONFIG="$S3PROXY_HOME_DIR/config/s3proxy.properties"
S3PROXY_DATA_DIR="$S3PROXY_HOME_DIR/data"

# Prints the pid of our S3Proxy when it is alive (pid file present, process is org.gaul.s3proxy.Main).
s3proxy_pid() {
  local pid
  [[ -f "$S3PROXY_PID_FILE" ]] || return 1
  pid="$(cat "$S3PROXY_PID_FILE" 2>/dev/null)" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'org\.gaul\.s3proxy\.Main' || return 1
  echo "$pid"
}

# True when something accepts TCP connections on host port.
port_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# Last lines of the log, for failure reports.
s3proxy_log_tail() {
  [[ -s "$S3PROXY_LOG_DIR/s3proxy.log" ]] || return 0
  echo "---- tail of $S3PROXY_LOG_DIR/s3proxy.log" >&2
  tail -n "${1:-40}" "$S3PROXY_LOG_DIR/s3proxy.log" >&2
}
