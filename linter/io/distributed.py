"""The Dask engine: map the same per-document functions as the local pool over a cluster.

    copydesk check|fix --engine dask [--scheduler tcp://host:8786] PATH...

Without --scheduler a LocalCluster with one single-threaded worker process per job is started.
Workers need copydesk installed (the same version and packs); files and JSONL shards must be
reachable under the same paths from every worker (a shared filesystem). Output shards are
written beside their input by the worker that processed them; totals are reduced on the
cluster.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Sequence
from functools import partial

from linter.io.jsonl import RESULT_FIELD, CorpusSummary, process_corpus
from linter.io.pipeline import Job, lint_file
from linter.io.results import FileResult


class EngineUnavailable(RuntimeError):
    pass


INSTALL = "pip install 'copydesk[dask]'"


def _require_dask() -> None:
    """EngineUnavailable, saying how to install it, when dask or distributed cannot be imported."""
    try:
        import dask
        import dask.bag
        import dask.distributed  # noqa: F401
    except ImportError as exc:
        missing = exc.name or "dask"
        raise EngineUnavailable(f"--engine dask needs dask[distributed] ({missing} is not installed): "
                                f"{INSTALL}") from None


def _client(scheduler: str | None, workers: int):  # type: ignore[no-untyped-def]
    from dask.distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster), cluster


def _corpus(job: Job, field: str, output_field: str, annotate: bool, path: str) -> CorpusSummary:
    return process_corpus(path, job, field, jobs=1, output_field=output_field, annotate=annotate)


def _codes(summary: CorpusSummary) -> Counter:
    return Counter(summary.codes)


def run_dask(
    paths: Sequence[str], corpora: Sequence[str], job: Job, field: str | None, scheduler: str | None = None,
    workers: int = 2, output_field: str = RESULT_FIELD, annotate: bool = True,
) -> tuple[list[FileResult], list[CorpusSummary], Counter]:
    """Lint files and JSONL shards on a Dask cluster; results in input order, as the local pool gives."""
    _require_dask()
    import dask
    import dask.bag as db

    client, cluster = _client(scheduler, workers)
    try:
        graphs = []
        if paths:
            graphs.append(db.from_sequence(list(paths), npartitions=min(len(paths), workers * 4))
                          .map(partial(lint_file, job)))
        if corpora:
            summaries = db.from_sequence(list(corpora), npartitions=len(corpora)).map(
                partial(_corpus, job, field, output_field, annotate))
            totals = summaries.map(_codes).fold(operator.add, initial=Counter())
            graphs += [summaries, totals]
        computed = dask.compute(*graphs, scheduler=client.get) if graphs else ()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    files: list[FileResult] = list(computed[0]) if paths else []
    rest = computed[1:] if paths else computed
    corpus_summaries: list[CorpusSummary] = list(rest[0]) if corpora else []
    totals_counter: Counter = rest[1] if corpora else Counter()
    return files, corpus_summaries, totals_counter
