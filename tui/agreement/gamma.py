"""Gamma agreement (Mathet, Widlöcher & Métivier 2015), computed by pygamma-agreement.

Why another measure: span precision/recall counts a span as matched or not, and kappa on
tokens ignores where spans start and end.  Gamma aligns the two annotators' spans (each
with at most one of the other's, or with nothing) so that the total dissimilarity is
least, and compares that *observed disorder* with the disorder of random annotations:
gamma = 1 - observed / expected (1 is perfect, 0 chance level, below 0 worse than chance).
The dissimilarity of two spans is ((|Δstart| + |Δend|) / (length₁ + length₂))² + (1 if
their tags differ), and a span aligned with nothing costs 1: pygamma's
``CombinedCategoricalDissimilarity`` with alpha = beta = delta-empty = 1, as in the paper
and its Java implementation.  The observed disorder is the least total divided by the
mean number of spans per annotator.

pygamma-agreement is an optional extra (``pip install 'glossator[gamma]'``): it brings
numba, cvxpy and their solvers (about 480 MB), and importing it compiles numba code for
about 9 seconds, so it is imported here, only when gamma is asked for.

Each article is one continuum: its best alignment (pygamma's integer program) gives its
observed disorder, and its expected disorder is the mean disorder of ``samples`` random
continua drawn by pygamma's ``StatisticalContinuumSampler`` from that article's statistics
(spans per annotator, span lengths, gaps, tag frequencies).  A pair's gamma pools its
articles as if laid end to end: both disorders are the means of the articles' figures
weighted by their mean number of spans per annotator, which for the observed disorder is
exactly that of the articles laid end to end (spans of different articles never align).
Aligning a whole corpus at once instead grows with the square of its spans (30 s for
1,500 spans a side).

The sampling is random; it is made deterministic by seeding numpy's global generator (the
one pygamma draws from) for each article from ``seed`` and the article id, so an article's
figures do not depend on which other articles are compared; the generator's state is put
back afterwards.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from tui.annotations.model import Annotation
from tui.errors import GlossatorError

#: Random continua per article for its expected disorder (pygamma's default).
SAMPLES = 30
SEED = 0
INSTALL_HINT = "pip install 'glossator[gamma]'"


class GammaUnavailableError(GlossatorError):
    """pygamma-agreement (the ``gamma`` extra) is not installed or cannot be imported."""


@dataclass(frozen=True)
class Gamma:
    """Gamma of two annotators over the articles both annotated, with what it was computed from."""

    observed: float
    expected: float
    #: Spans of both annotators (identical spans of one annotator count once, as in pygamma).
    spans: int
    articles: int
    samples: int
    seed: int

    @property
    def value(self) -> float:
        """1 - observed / expected disorder; 1 when nothing is in disorder (pygamma's convention)."""
        return 1.0 if self.observed == 0 else 1.0 - self.observed / self.expected


@contextlib.contextmanager
def solver_output_to_stderr() -> Iterator[None]:
    """Send whatever the solvers print to standard error while gamma is computed.

    GLPK (through cvxopt) writes its progress with C's ``printf`` and cvxpy logs through a
    handler on ``sys.stdout``: on standard output either would corrupt ``--json`` and the
    result lines.  File descriptor 1 itself is pointed at standard error, and C's buffers
    are flushed before it is put back, so nothing printed meanwhile reaches standard output.
    """
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        yield
    finally:
        sys.stdout.flush()
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).fflush(None)
        os.dup2(saved, 1)
        os.close(saved)


def gamma_agreement(
    articles: Iterable[tuple[str, Sequence[Annotation], Sequence[Annotation]]],
    *,
    samples: int = SAMPLES,
    seed: int = SEED,
) -> Gamma | None:
    """Gamma of two annotators: ``articles`` are (article id, first's spans, second's spans).

    None when neither annotator has a span in any of the articles (gamma is undefined).
    """
    try:
        import numpy
        import pygamma_agreement
        from pyannote.core import Segment
    except ImportError as error:
        raise GammaUnavailableError(f"gamma needs pygamma-agreement ({error}): {INSTALL_HINT}") from None
    dissimilarity = pygamma_agreement.CombinedCategoricalDissimilarity()
    observed = expected = weight = 0.0
    spans = count = 0
    state = numpy.random.get_state()
    disabled = logging.root.manager.disable
    # pygamma logs "CBC solver not installed. Using GLPK." on the root logger for every
    # alignment it solves; GLPK (through cvxopt) is the solver the extra installs.
    logging.disable(logging.WARNING)
    try:
        with solver_output_to_stderr():
            for article_id, first, second in articles:
                if not first and not second:
                    continue
                continuum = pygamma_agreement.Continuum()
                for name, annotations in (("first", first), ("second", second)):
                    continuum.add_annotator(name)
                    for annotation in annotations:
                        continuum.add(name, Segment(annotation.start, annotation.end), annotation.tag)
                numpy.random.seed(zlib.crc32(f"{seed}:{article_id}".encode()))
                result = continuum.compute_gamma(dissimilarity, n_samples=samples)
                mean_spans = continuum.num_units / 2
                observed += mean_spans * float(result.observed_disorder)
                expected += mean_spans * float(result.expected_disorder)
                weight += mean_spans
                spans += continuum.num_units
                count += 1
    finally:
        logging.disable(disabled)
        numpy.random.set_state(state)
    if not count:
        return None
    return Gamma(observed / weight, expected / weight, spans, count, samples, seed)
