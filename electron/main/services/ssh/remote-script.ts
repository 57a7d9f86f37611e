/**
 * The shell text Echelon sends as an SSH `exec` request. sshd runs it with the user's login
 * shell in a new session, so the process it becomes leads that session: a POSIX `sh` prints
 * its PID (= the session id) on stderr first, then `exec`s what was asked. With that PID a
 * second channel can kill the whole tree, orphans included, on timeout, cancel or stop.
 */

export const PID_MARKER = '@echelon-pid ';

/** One word for any POSIX shell: single-quoted, with `'` written as `'\''`. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const PROLOGUE = `printf '${PID_MARKER}%s\\n' "$$" >&2`;
/** `~` and `~/x` mean the remote home, as they would typed in a shell. */
const CHANGE_DIR = `d=$1; case $d in '~'|'~/'*) d=$HOME\${d#'~'};; esac; cd -- "$d" || exit 126; shift`;
/** Environment lines on stdin (`NAME=value`, `\\` and newlines escaped), ended by an empty line, so secrets never show in `ps`. */
const READ_ENV = `while IFS= read -r l && [ -n "$l" ]; do v=$(printf '%bx' "$l"); export "\${v%x}"; done`;

function wrap(script: string, args: readonly string[]): string {
  return `exec /bin/sh -c ${shellQuote(script)} sh ${args.map(shellQuote).join(' ')}`;
}

/** A command line for the user's own shell (`$SHELL -c`), as `ssh host 'command'` runs it. */
export function shellCommand(command: string, cwd?: string): string {
  return wrap(`${PROLOGUE}; ${CHANGE_DIR}; exec "\${SHELL:-/bin/sh}" -c "$1"`, [cwd || '.', command]);
}

/** A program and its arguments, run without a shell, its environment read from stdin first. */
export function programCommand(program: string, args: readonly string[], cwd?: string): string {
  return wrap(`${PROLOGUE}; ${READ_ENV}; ${CHANGE_DIR}; exec "$@"`, [cwd || '.', program, ...args]);
}

/** What `programCommand` reads from stdin before the program starts. */
export function environmentPreamble(env: Record<string, string>): string {
  const lines = Object.entries(env).map(([name, value]) => `${name}=${value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}\n`);
  return `${lines.join('')}\n`;
}

/**
 * Shell functions reading the process table: `ps` where there is one, else /proc (a slim Linux
 * container often lacks procps). `snapshot` prints `pid ppid sid` lines, `state_of PID` the
 * state letter(s).
 */
const PROCESS_TABLE = [
  'has_ps() { command -v ps >/dev/null 2>&1; }',
  // The fields after the command name's closing parenthesis: state, ppid, pgrp, session.
  'proc_fields() { read -r s 2>/dev/null < "$1" || return 1; pid=${s%% *}; set -- ${s##*) }; echo "$pid $2 $4 $1"; }',
  'proc_table() { for f in /proc/[0-9]*/stat; do proc_fields "$f"; done; }',
  'snapshot() { if has_ps; then ps -A -o pid= -o ppid= -o sid= 2>/dev/null || ps -A -o pid= -o ppid= 2>/dev/null; else proc_table | awk \'{ print $1, $2, $3 }\'; fi; }',
  'state_of() { if has_ps; then ps -o stat= -p "$1" 2>/dev/null; else proc_fields "/proc/$1/stat" | awk \'{ print $4 }\'; fi; }',
];

/**
 * Kills a session's processes: its members (by session id, catching orphans) and the
 * descendants of its leader, TERM first, KILL for whatever is left after about two seconds.
 * It runs in /bin/sh whatever the login shell (zsh would not split `$pids` into words).
 */
export function killSessionScript(pid: number): string {
  const id = Math.trunc(pid);
  const script = [
    `p=${id}`,
    ...PROCESS_TABLE,
    'members() { snapshot | awk -v p="$p" \'BEGIN { keep[p] = 1; print p } { pid[NR] = $1; ppid[NR] = $2; sid[NR] = $3 } END { do { more = 0; for (i = 1; i <= NR; i++) if (!(pid[i] in keep) && ((ppid[i] in keep) || sid[i] == p)) { keep[pid[i]] = 1; print pid[i]; more = 1 } } while (more) }\'; }',
    'pids=$(members)',
    'kill -TERM $pids 2>/dev/null',
    'i=0',
    // A zombie is dead already: its parent (init, in a container often nobody) has yet to reap it.
    'alive() { s=$(state_of "$1") && [ -n "$s" ] && [ "${s#Z}" = "$s" ]; }',
    'while [ $i -lt 20 ]; do left=; for q in $pids; do alive "$q" && left="$left $q"; done; [ -z "$left" ] && exit 0; sleep 0.1; i=$((i + 1)); done',
    'kill -KILL $left 2>/dev/null',
    'exit 0',
  ].join('\n');
  return wrap(script, []);
}
