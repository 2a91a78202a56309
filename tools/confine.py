"""Run a command with no network: ``python tools/confine.py PROGRAM [ARGS…]``.

Used by ``overrides/hooks/exercises.py`` to run the exercises' code at build time
(``tools/exercises-run.mjs`` in Node). That code comes from Markdown anyone can
propose in a pull request, so it must not reach the network from CI.

On Linux this installs a seccomp filter, which needs no privileges, and then
replaces itself with the command (``os.execv``), which keeps the filter:

- ``socket()`` fails with EACCES, for every kind of socket: no TCP, UDP, raw or
  netlink socket (no fetch, no DNS, no connection), and no Unix socket either, which
  could reach a local daemon on the CI machine (a Docker socket, for one) and through
  it the network and the checkout;
- ``io_uring_setup()`` fails too (io_uring can open sockets without ``socket()``);
- system calls of another architecture (32-bit calls on x86-64) fail.

The rest of the confinement is the caller's: an empty environment, a temporary
working folder, and Node's permission model (no writes outside that folder, no
child processes, no worker threads). On a system other than Linux the command
runs without the network filter, and this says so on stderr.
"""

from __future__ import annotations

import ctypes
import os
import platform
import struct
import sys

# <linux/audit.h>, <asm/unistd.h> and <sys/socket.h> numbers for the architectures CI uses.
ARCHES = {
    "x86_64": {"audit": 0xC000003E, "socket": 41, "x32_bit": 0x40000000},
    "aarch64": {"audit": 0xC00000B7, "socket": 198, "x32_bit": None},
}
IO_URING_SETUP = 425  # the same number on every architecture
EACCES = 13

# Classic BPF, as in <linux/filter.h> and <linux/seccomp.h>.
LD_W_ABS = 0x20
JEQ_K = 0x15
JGE_K = 0x35
RET_K = 0x06
RET_ALLOW = 0x7FFF0000
RET_ERRNO = 0x00050000 | EACCES
PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
# struct seccomp_data: nr (u32), arch (u32), instruction_pointer (u64), args[6] (u64 each).
OFFSET_NR, OFFSET_ARCH = 0, 4


def program(arch: dict[str, int | None]) -> list[tuple[int, int, int, int]]:
    """The filter as (code, jump if true, jump if false, k) instructions."""
    audit, socket_nr, x32_bit = arch["audit"], arch["socket"], arch["x32_bit"]
    # (code, k, where to go if true, if false): "next", "deny" or "allow".
    steps: list[tuple[int, int, str, str]] = [
        (LD_W_ABS, OFFSET_ARCH, "next", "next"),
        (JEQ_K, int(audit or 0), "next", "deny"),  # another architecture's call
        (LD_W_ABS, OFFSET_NR, "next", "next"),
    ]
    if x32_bit is not None:
        steps.append((JGE_K, x32_bit, "deny", "next"))  # x32 calls on x86-64
    steps += [
        (JEQ_K, IO_URING_SETUP, "deny", "next"),
        (JEQ_K, int(socket_nr or 0), "deny", "allow"),  # socket(), whatever its domain
    ]
    deny, allow = len(steps), len(steps) + 1
    target = {"deny": deny, "allow": allow}
    out: list[tuple[int, int, int, int]] = []
    for index, (code, k, if_true, if_false) in enumerate(steps):
        jt = target[if_true] - index - 1 if if_true != "next" else 0
        jf = target[if_false] - index - 1 if if_false != "next" else 0
        out.append((code, jt, jf, k))
    out += [(RET_K, 0, 0, RET_ERRNO), (RET_K, 0, 0, RET_ALLOW)]
    return out


def install() -> bool:
    """Install the filter on this process; False where there is none for this system."""
    arch = ARCHES.get(platform.machine())
    if sys.platform != "linux" or arch is None:
        return False
    instructions = program(arch)
    raw = b"".join(struct.pack("=HBBI", *instruction) for instruction in instructions)
    buffer = ctypes.create_string_buffer(raw, len(raw))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = SockFprog(len(instructions), ctypes.cast(buffer, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    ulong = ctypes.c_ulong
    libc.prctl.argtypes = [ctypes.c_int, ulong, ctypes.c_void_p, ulong, ulong]
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, None, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")
    return True


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: confine.py PROGRAM [ARGS…]", file=sys.stderr)
        return 2
    if not install():
        print(
            f"confine.py: no network filter on {sys.platform}/{platform.machine()}; "
            "the command runs with the network",
            file=sys.stderr,
        )
    os.execve(argv[0], argv, {})  # and no environment at all
    return 127  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
