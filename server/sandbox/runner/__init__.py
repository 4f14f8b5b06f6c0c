"""The trusted runner executed inside the sandbox (stdlib only, under the system interpreter).

It is not imported there as a package: `shipping.py` joins these modules into one program (in
the order of `PARTS`, without their imports of each other), the sandbox interpreter compiles it
once, and the host sends the marshalled code object followed by one marshalled job on stdin.
So the runner needs nothing from this repository's virtualenv, and puts no module of its own
in `sys.modules` where it could shadow a module of the workspace. On the host the modules
import normally (for tests); nothing here runs at import.

The runner sets its own resource limits, then runs each probe or each test file in a forked
child (child.py) so that untrusted code never runs in this process: a child that exits early,
hangs, forks or crashes loses only its own result.

Results go to the original stdout, which this process keeps to itself (children close it); fd 1
is pointed at stderr before anything else runs, so what the code under review prints never
mixes with results. Under bubblewrap this process is pid 1 of the job's pid namespace and
non-dumpable (see ../bwrap.py); under the Landlock fallback each child confines itself after the
fork, leaving this process outside its domain (confine.py).

Untrusted imports only ever happen in children: the workspace is put on `sys.path` after the
fork, so a module of the workspace can never shadow a module this process imports (even a lazy
import on an error path). Before forking, this process may import a few standard-library modules
the host names (`preload`), so that every child inherits them instead of importing them again.

Probe hygiene: code under review shares its process with the probe that imports it, and can
walk frames, tracebacks and whatever they hold. So a child holds its own probe and nothing else
of the job: the probes reach the sandbox as one unit per probe in a sealed file that this
process never reads (it knows how many there are, not their names or text; results go back by
position), each child reads its own unit and closes the file, empties the job description and
the earlier results, and installs an audit hook against the routes that reach other code's
objects (see child._seclude, child.guard and items.probe). Memory this process never held
cannot leak, even through raw reads no hook sees (under Landlock, ctypes is loaded for the
confinement, and `c_char_p(address).value` raises no audit event). The file stays open here for
the later children, out of their reach like the results pipe.

Startup cost matters (every `run_tests` pays it): only builtin modules are imported at the top;
JSON goes through the `_json` C accelerator directly (wire.py), the failure messages of test
functions are built without `traceback`, and `unittest` is only used when a test module
imported it itself.
"""

# The modules joined into the shipped program, in this order (a module's names are defined
# before any later module's top-level code uses them); `main.main()` runs last.
PARTS = ("wire", "child", "items", "confine", "main")
