# Sourced by the PC/SC checks: pcscd started for the vpcd reader unless it runs already.
# Needs `say`, `die`, the array `pids` (processes stopped on exit) and the current
# directory for pcscd.log.

start_pcscd() {
    if [ -S /run/pcscd/pcscd.comm ] && pgrep -x pcscd >/dev/null; then
        say "pcscd runs already; it has the vpcd reader only if it was started after vsmartcard-vpcd was installed"
        return 0
    fi
    # vpcd's ports lie in the ephemeral range; .ci/run keeps them out of it (check-card.sh)
    [ "$(id -u)" = 0 ] && sysctl -qw net.ipv4.ip_local_reserved_ports=35963-35964 2>/dev/null || true
    pcscd --foreground --debug >pcscd.log 2>&1 &
    pids+=($!)
    for _ in $(seq 1 50); do [ -S /run/pcscd/pcscd.comm ] && break; sleep 0.1; done
    [ -S /run/pcscd/pcscd.comm ] || die "pcscd's socket did not appear"
}
