"""Landlock + seccomp, the fallback where user namespaces are blocked.

Each child confines itself right after the fork, so the runner stays outside the children's
Landlock domain (with ABI 6+ they cannot signal it, and Landlock denies them ptrace and /proc
access to it whatever the ABI). `confinement` runs in the runner and prepares what each child
applies: ctypes is loaded here, never by the code under review (the audit hook refuses it).
"""

import os

_FS_READ_FILE, _FS_READ_DIR, _FS_EXECUTE, _FS_WRITE_FILE = 1 << 2, 1 << 3, 1 << 0, 1 << 1
_FS_TRUNCATE, _FS_IOCTL_DEV = 1 << 14, 1 << 15
_SYSCALLS = {  # machine: (audit arch, landlock create/add/restrict, clone, {name: nr})
    "x86_64": (0xC000003E, (444, 445, 446), 56, {
        "socket": 41, "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311,
        "pidfd_getfd": 438, "unshare": 272, "setns": 308, "mount": 165, "umount2": 166,
        "pivot_root": 155, "chroot": 161, "open_tree": 428, "move_mount": 429, "fsopen": 430,
        "fsmount": 432, "fspick": 433, "mount_setattr": 442, "keyctl": 250, "add_key": 248,
        "request_key": 249, "bpf": 321, "perf_event_open": 298, "userfaultfd": 323,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "open_by_handle_at": 304, "kexec_load": 246, "init_module": 175,
        "finit_module": 313, "clone3": 435,
    }),
    "aarch64": (0xC00000B7, (444, 445, 446), 220, {
        "socket": 198, "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271,
        "pidfd_getfd": 438, "unshare": 97, "setns": 268, "mount": 40, "umount2": 39,
        "pivot_root": 41, "chroot": 51, "open_tree": 428, "move_mount": 429, "fsopen": 430,
        "fsmount": 432, "fspick": 433, "mount_setattr": 442, "keyctl": 219, "add_key": 217,
        "request_key": 218, "bpf": 280, "perf_event_open": 241, "userfaultfd": 282,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "open_by_handle_at": 265, "kexec_load": 104, "init_module": 105,
        "finit_module": 273, "clone3": 435,
    }),
}
_CLONE_NEW_NAMESPACES = 0x7E020000  # NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET


def _seccomp_program(arch, clone_nr, table):
    """A classic-BPF filter: no sockets (socketpair stays), no ptrace or peeking at other
    processes, no namespaces or mounts, no keyrings, bpf, perf, userfaultfd or io_uring."""
    import struct

    errno_eacces, errno_eperm, errno_enosys = 13, 1, 38

    def op(code, k, jt=0, jf=0):
        return struct.pack("HBBI", code, jt, jf, k)

    def ret(value):
        return op(0x06, value)

    def errno(number):
        return ret(0x00050000 | number)

    prog = [op(0x20, 4), op(0x15, arch, 1, 0), ret(0x80000000), op(0x20, 0)]
    if arch == 0xC000003E:  # the x32 ABI: another syscall table, refuse it wholesale
        prog += [op(0x35, 0x40000000, 0, 1), errno(errno_enosys)]
    for name, nr in table.items():
        # clone3: its flags are out of a filter's reach; glibc falls back to clone on ENOSYS
        number = {"socket": errno_eacces, "clone3": errno_enosys}.get(name, errno_eperm)
        prog += [op(0x15, nr, 0, 1), errno(number)]
    prog += [op(0x15, clone_nr, 0, 3), op(0x20, 16), op(0x45, _CLONE_NEW_NAMESPACES, 0, 1),
             errno(errno_eperm), ret(0x7FFF0000)]
    return b"".join(prog), len(prog)


def confinement(spec):
    """Prepare, in the runner, what each child applies to itself: returns apply() or raises."""
    import ctypes

    machine = os.uname().machine
    if machine not in _SYSCALLS:
        raise OSError(f"no seccomp table for {machine}")
    arch, (ll_create, ll_add, ll_restrict), clone_nr, table = _SYSCALLS[machine]
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    abi = libc.syscall(ll_create, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    if abi < 1:
        raise OSError(ctypes.get_errno(), "Landlock is not available")
    handled = (1 << 13) - 1  # ABI 1: execute .. make_sym
    if abi >= 2:
        handled |= 1 << 13  # refer
    if abi >= 3:
        handled |= _FS_TRUNCATE
    if abi >= 5:
        handled |= _FS_IOCTL_DEV
    attr = [handled]
    if abi >= 4:
        attr.append(3)  # handled_access_net: bind_tcp | connect_tcp, with no rule: none
    if abi >= 6:
        attr.append(3)  # scoped: abstract unix sockets | signals, to outside the domain
    raw = (ctypes.c_uint64 * len(attr))(*attr)
    ruleset = libc.syscall(ll_create, ctypes.byref(raw), ctypes.c_size_t(8 * len(attr)),
                           ctypes.c_uint32(0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset")
    file_rights = _FS_EXECUTE | _FS_WRITE_FILE | _FS_READ_FILE | _FS_TRUNCATE | _FS_IOCTL_DEV
    rules = [(p, _FS_READ_FILE | _FS_READ_DIR | _FS_EXECUTE) for p in spec["exec"]]
    rules += [(p, _FS_READ_FILE | _FS_READ_DIR) for p in spec["read"]]
    rules += [(p, handled) for p in spec["write"]]
    rules += [(p, (_FS_READ_FILE | _FS_WRITE_FILE | _FS_TRUNCATE | _FS_IOCTL_DEV) & file_rights)
              for p in spec["devices"]]
    import struct

    for path, rights in rules:
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            continue
        if not os.path.isdir(path):
            rights &= file_rights
        rule = ctypes.create_string_buffer(struct.pack("=Qi", rights & handled, fd), 12)
        done = libc.syscall(ll_add, ctypes.c_int(ruleset), ctypes.c_int(1), rule,
                            ctypes.c_uint32(0))
        os.close(fd)
        if done < 0:
            raise OSError(ctypes.get_errno(), f"landlock_add_rule {path}")
    code, length = _seccomp_program(arch, clone_nr, table)

    class SockFprog(ctypes.Structure):
        _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.c_char_p))

    program = SockFprog(length, code)
    libc.prctl.argtypes = (ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong,
                           ctypes.c_ulong)

    def apply():
        if libc.prctl(38, 1, None, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
            raise OSError(ctypes.get_errno(), "no_new_privs")
        if libc.syscall(ll_restrict, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self")
        os.close(ruleset)
        if libc.prctl(22, 2, ctypes.addressof(program), 0, 0) != 0:  # SECCOMP_MODE_FILTER
            raise OSError(ctypes.get_errno(), "seccomp")

    apply.abi = abi
    return apply


