"""Running a lint over many files or dump pages: worker processes, a result cache, a Dask engine.

Between ``io`` (reading files and dumps) and ``api``: an engine takes a
stream of :class:`~wikilint.runner.work.Task` (a page's path, dialect, text
and configuration) and yields each task's findings in the order the tasks
came, whether the pages were linted in this process (small runs), in local
worker processes (:mod:`wikilint.runner.local`) or on a Dask cluster
(:mod:`wikilint.runner.dask_engine`).  :mod:`wikilint.runner.cache` keeps
per-file results between runs.
"""
