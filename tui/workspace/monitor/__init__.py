"""The workspace watcher: a small background process that knows what changed, and since when.

Looking at every file's stat to be sure nothing changed costs a command a second at
150,000 articles.  Git's answer (``git fsmonitor--daemon``, Watchman) is a process that
watches the worktree and answers "what changed since token T" in milliseconds, and a
full scan whenever it cannot vouch for the answer.  This is that, for a workspace:

* ``daemon``: the process (``python -m tui.workspace.monitor WORKSPACE``), one a
  workspace, started on demand by a command and gone after ``IDLE_S`` without a question;
  it watches the files through ``tui.workspace.watching`` and numbers each batch;
* ``client``: a command's side: ask (through a Unix socket in ``.glossator/monitor/``)
  what changed since a token, start the watcher when none runs;
* ``place``: where its socket, lock and signal files are.

Every answer is either the article ids changed since the token, or "look at everything"
(no token yet, another watcher since, events it could not account for): never a guess.
"""
