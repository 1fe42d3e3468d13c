/**
 * No orphans: one small watchdog process per Alcove process kills every oracle process group still
 * running when Alcove dies, however it dies (SIGKILL, an OOM kill, a crash).
 *
 * The watchdog is `/bin/sh` reading lines on a pipe from Alcove: `+ <pgid>` when a group is launched,
 * `- <pgid>` when it ended. When Alcove dies the kernel closes the pipe's write end, `read` sees end of
 * file, and the watchdog sends SIGKILL to every group still listed, then exits. It is its own session
 * (a terminal's Ctrl-C does not reach it) and ignores SIGINT, SIGTERM and SIGHUP, so that it outlives
 * Alcove by exactly that one step. One process for the whole run, not one per launch: it costs a line
 * written to a pipe per oracle call. A group is registered right after `spawn` returns, in the same
 * tick; the pipe write is synchronous when the pipe has room, so a SIGKILL can only fall in the few
 * microseconds between the two. Why not PDEATHSIG: it reaches only the group leader, not what the
 * program started (a docking script's Vina), and it fires when the spawning thread ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** The watchdog's program: `read` is a builtin, so it forks nothing until it has to kill. */
const SCRIPT = `trap '' INT TERM HUP
groups=' '
while read -r op pgid; do
  case "$op" in
    +) groups="$groups$pgid " ;;
    -) case "$groups" in *" $pgid "*) groups="\${groups%%" $pgid "*} \${groups#*" $pgid "}" ;; esac ;;
  esac
done
for g in $groups; do kill -s KILL -- "-$g" 2>/dev/null; done
exit 0`;

export interface GroupWatchdog {
  /** The watchdog's pid (null when it could not be started: groups are then not watched). */
  readonly pid: number | null;
  watch(pgid: number): void;
  unwatch(pgid: number): void;
}

let shared: GroupWatchdog | null = null;

/** The process's watchdog, started on first use. */
export function groupWatchdog(): GroupWatchdog {
  shared ??= startWatchdog();
  return shared;
}

function startWatchdog(): GroupWatchdog {
  let child: ChildProcess | null;
  try {
    child = spawn('/bin/sh', ['-c', SCRIPT], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  } catch {
    child = null;
  }
  const stdin = child?.stdin ?? null;
  if (child === null || stdin === null || child.pid === undefined) {
    return { pid: null, watch: () => undefined, unwatch: () => undefined };
  }
  let alive = true;
  const gone = () => {
    alive = false;
    // A watchdog that died is started again on next use.
    if (shared?.pid === child.pid) shared = null;
  };
  child.on('exit', gone);
  child.on('error', gone);
  // EPIPE after the watchdog died: the 'exit' handler has replaced it.
  stdin.on('error', gone);
  // Neither the watchdog nor its pipe keeps Alcove's event loop alive.
  child.unref();
  (stdin as unknown as { unref?: () => void }).unref?.();
  const send = (line: string) => {
    if (alive) stdin.write(line);
  };
  return {
    pid: child.pid,
    watch: (pgid) => send(`+ ${pgid}\n`),
    unwatch: (pgid) => send(`- ${pgid}\n`),
  };
}
