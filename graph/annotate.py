"""Swedish language annotation with efselab (pefselab): sentences, tokens, POS, lemmas, names.

``annotate(doc)`` fills ``doc.sentences`` with tokens carrying SUC part-of-speech tags,
SALDO-based lemmas and efselab's SUC named-entity tags (person, place, inst, ...), each with
its character offsets in ``doc.text`` so that every later fact can point at its evidence.

pefselab builds its models on first use (about a minute): C code is generated and compiled,
one model is trained. We do that once, into a cache folder that samverkan controls
(``$SAMVERKAN_CACHE`` or ``~/.cache/samverkan``), in a subprocess whose working directory is a
temporary folder, because pefselab's build step deletes ``./build`` in the working directory
and extracts into the system temporary folder.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graph.fileio import atomic_write
from graph.model import PostDoc, Sentence, Token

PEFSELAB_VERSION = "0.0.2"
_REQUIRED = ("suc.bin", "suc-ne.bin", "suc-saldo.lemmas", "pipeline_built")


class NLPUnavailable(RuntimeError):
    """The Swedish language models could not be built or loaded."""


def cache_dir() -> Path:
    """Return the folder where samverkan keeps built efselab models (per Python version)."""
    root = os.environ.get("SAMVERKAN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "samverkan"
    )
    tag = sysconfig.get_config_var("SOABI") or f"py{sys.version_info[0]}{sys.version_info[1]}"
    return Path(root) / f"efselab-{PEFSELAB_VERSION}-{tag}"


def _model_dir() -> Path:
    # pefselab puts everything under $XDG_DATA_HOME/pefselab/models.
    return cache_dir() / "pefselab" / "models"


def models_ready() -> bool:
    """Return True when the efselab models are built and can be loaded."""
    return all((_model_dir() / name).exists() for name in _REQUIRED) and any(
        _model_dir().glob("suc_ne.*.so")
    )


_BUILD_SCRIPT = "from pefselab.train_swe_pipeline import create_pipeline; create_pipeline()"


def build_models(*, progress=None) -> None:
    """Build pefselab's Swedish models into ``cache_dir()`` (once, about a minute).

    ``progress`` is called with one line of text for the user before the build starts.
    """
    if models_ready():
        return
    if progress:
        progress(
            f"Preparing the Swedish language models (once, about a minute) in {cache_dir()} ..."
        )
    cache_dir().mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="samverkan-efselab-") as work:
        env = dict(os.environ, XDG_DATA_HOME=str(cache_dir()), TMPDIR=work)
        result = subprocess.run(
            [sys.executable, "-c", _BUILD_SCRIPT],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
        )
    if result.returncode != 0 or not models_ready():
        log = cache_dir() / "build.log"
        log.write_text(result.stdout + "\n" + result.stderr, encoding="utf-8")
        raise NLPUnavailable(
            f"the Swedish language models could not be built; the build log is in {log}"
        )


@dataclass
class _Models:
    suc: object
    suc_weights: bytes
    ne: object
    ne_weights: bytes
    lemmatizer: object


@cache
def _models() -> _Models:
    build_models(progress=lambda line: print(line, file=sys.stderr))
    model_dir = _model_dir()
    # The compiled taggers are plain extension modules named suc and suc_ne in the model
    # folder; importing them directly avoids pefselab.tagger, which reads the data folder
    # from the environment at import time and also loads the UD tagger we do not use.
    sys.path.insert(0, str(model_dir))
    try:
        suc = importlib.import_module("suc")
        suc_ne = importlib.import_module("suc_ne")
    finally:
        sys.path.remove(str(model_dir))
    return _Models(
        suc=suc,
        suc_weights=(model_dir / "suc.bin").read_bytes(),
        ne=suc_ne,
        ne_weights=(model_dir / "suc-ne.bin").read_bytes(),
        lemmatizer=_lemmatizer(model_dir),
    )


_LEMMAS_CACHE = "suc-saldo.lemmas.pickle"


def _lemmatizer(model_dir: Path):
    """Return pefselab's SUC lemmatizer, loaded from our pickle of it when there is one.

    pefselab parses its 49 MB lemma file in 2.4 s, most of a short ingest's start; the
    pickled table loads in 0.7 s. The pickle is made by this code in our own cache folder,
    beside the compiled taggers we import from it, so it is trusted as they are. An
    unreadable pickle is made again.
    """
    from pefselab.lemmatize import SUCLemmatizer

    cached = model_dir / _LEMMAS_CACHE
    with contextlib.suppress(Exception):
        return pickle.loads(cached.read_bytes())  # noqa: S301 - our own cache file
    lemmatizer = SUCLemmatizer()
    lemmatizer.load(str(model_dir / "suc-saldo.lemmas"))
    with contextlib.suppress(OSError):
        atomic_write(cached, pickle.dumps(lemmatizer, protocol=pickle.HIGHEST_PROTOCOL))
    return lemmatizer


def load_models() -> None:
    """Load (building first if needed) the models and the process labels now, once.

    Called before worker processes are forked, so that they share what is loaded.
    """
    from graph.extract.processes import label_patterns

    _models()
    label_patterns()


def _token_offsets(text: str, tokens: list[str], start: int) -> tuple[list[tuple[int, int]], int]:
    """Return (start, end) of each token in ``text``, searching forward from ``start``."""
    spans = []
    pos = start
    for token in tokens:
        found = text.find(token, pos)
        if found < 0:  # the tokenizer normalised something; keep the position
            spans.append((pos, pos))
            continue
        spans.append((found, found + len(token)))
        pos = found + len(token)
    return spans, pos


def tag_sentence(words: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Return (SUC tags, lemmas, named-entity tags) for one tokenised sentence."""
    models = _models()
    tags = models.suc.tag(models.suc_weights, words)
    lemmas = [models.lemmatizer.predict(w, t) for w, t in zip(words, tags, strict=True)]
    nes = models.ne.tag(models.ne_weights, list(zip(words, lemmas, tags, strict=True)))
    return tags, lemmas, nes


def document_text(doc: PostDoc) -> str:
    """Return the text the pipeline annotates: the title, a blank line, the body."""
    title = doc.post.title.strip()
    body = doc.post.text.strip()
    return f"{title}\n\n{body}" if title else body


def annotate(doc: PostDoc) -> PostDoc:
    """Fill ``doc.text`` and ``doc.sentences`` (tokens with POS, lemma, NE tag and offsets)."""
    from pefselab.tokenizer import build_sentences

    doc.text = document_text(doc)
    doc.sentences = []
    pos = 0
    for paragraph_start, paragraph in _paragraphs(doc.text):
        pos = paragraph_start
        for words in build_sentences(paragraph):
            words = [w for w in words if w.strip()]
            if not words:
                continue
            tags, lemmas, nes = tag_sentence(words)
            spans, pos = _token_offsets(doc.text, words, pos)
            tokens = [
                Token(text=w, lemma=lemma, pos=tag.split("|")[0], ne=ne, start=s, end=e, msd=tag)
                for w, lemma, tag, ne, (s, e) in zip(words, lemmas, tags, nes, spans, strict=True)
            ]
            doc.sentences.append(
                Sentence(
                    index=len(doc.sentences), start=spans[0][0], end=spans[-1][1], tokens=tokens
                )
            )
    return doc


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """Return (offset, paragraph) pairs: sentences never cross a blank line (a title, a list)."""
    result = []
    offset = 0
    for block in text.split("\n\n"):
        if block.strip():
            result.append((offset, block))
        offset += len(block) + 2
    return result
