#!/usr/bin/env bash
# The e2e tests' display: one Xvfb for the whole e2e run (CTest fixture "e2e_display").
#   xvfb.sh start STATE_FILE   start Xvfb on a free display (-displayfd); write "DISPLAY PID" to STATE_FILE
#   xvfb.sh stop  STATE_FILE   stop that Xvfb, by its PID (never by name: others run Xvfb too)
set -euo pipefail
cmd="${1:?usage: xvfb.sh start|stop STATE_FILE}"
state="${2:?usage: xvfb.sh start|stop STATE_FILE}"

case "$cmd" in
    start)
        if [[ -f "$state" ]]; then "$0" stop "$state" || true; fi
        mkdir -p "$(dirname "$state")"
        fifo="$(mktemp -u)"
        mkfifo "$fifo"
        # Detached, with every standard stream away from CTest's pipes, so CTest does not wait for it.
        setsid Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp 3>"$fifo" </dev/null >/dev/null 2>&1 &
        pid=$!
        num=""
        read -r -t 20 num <"$fifo" || true
        rm -f "$fifo"
        if [[ -z "$num" ]]; then
            kill "$pid" 2>/dev/null || true
            echo "xvfb.sh: Xvfb did not start" >&2
            exit 1
        fi
        echo ":$num $pid" > "$state"
        echo "xvfb.sh: Xvfb on :$num (pid $pid)"
        ;;
    stop)
        [[ -f "$state" ]] || exit 0
        read -r display pid < "$state"
        # Only if that PID is still our Xvfb (PIDs get reused).
        if [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "^Xvfb -displayfd"; then
            kill "$pid"
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        fi
        rm -f "$state"
        echo "xvfb.sh: Xvfb $display stopped"
        ;;
    *) echo "xvfb.sh: unknown command '$cmd'" >&2; exit 2 ;;
esac
