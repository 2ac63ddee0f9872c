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
from functools import cache, lru_cache
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


def _token_offsets(text: str, tokens: list[str], start: int) -> tuple[list[int], list[int], int]:
    """Return the starts and the ends of the tokens in ``text``, searching forward from
    ``start``, and the position after the last one found."""
    starts, ends = [], []
    pos = start
    for token in tokens:
        found = text.find(token, pos)
        if found < 0:  # the tokenizer normalised something; keep the position
            starts.append(pos)
            ends.append(pos)
            continue
        pos = found + len(token)
        starts.append(found)
        ends.append(pos)
    return starts, ends, pos


def tag_sentence(words: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Return (SUC tags, lemmas, named-entity tags) for one tokenised sentence."""
    return tag_sentences([words])[0]


def tag_sentences(
    sentences: list[list[str]],
) -> list[tuple[list[str], list[str], list[str]]]:
    """Return (SUC tags, lemmas, named-entity tags) for each tokenised sentence.

    Each tagger reads all the sentences before the next one starts: their weights are large
    (the name tagger's 134 MB), and used one at a time, more of what they look up stays in
    the processor's cache; a post is tagged an eighth faster than sentence by sentence.
    """
    models = _models()
    tags = [models.suc.tag(models.suc_weights, words) for words in sentences]
    lemmas = [list(map(_lemma, words, t)) for words, t in zip(sentences, tags, strict=True)]
    # The name tagger reads a sentence as (word, lemma, tag) rows.
    nes = [
        models.ne.tag(models.ne_weights, list(zip(*columns, strict=True)))
        for columns in zip(sentences, lemmas, tags, strict=True)
    ]
    return list(zip(tags, lemmas, nes, strict=True))


@lru_cache(maxsize=1 << 15)
def _lemma(word: str, tag: str) -> str:
    # A post's words are mostly the common ones: remembered, each costs a look-up instead of
    # the lemmatizer's suffix search (a fifth of a post's tagging time).
    return _models().lemmatizer.predict(word, tag)


@lru_cache(maxsize=256)
def _part_of_speech(tag: str) -> str:
    """Return the part of speech of a full SUC tag ("PM|GEN" -> "PM")."""
    return tag.partition("|")[0]


def document_text(doc: PostDoc) -> str:
    """Return the text the pipeline annotates: the title, a blank line, the body."""
    title = doc.post.title.strip()
    body = doc.post.text.strip()
    return f"{title}\n\n{body}" if title else body


def annotate(doc: PostDoc) -> PostDoc:
    """Fill ``doc.text`` and ``doc.sentences`` (tokens with POS, lemma, NE tag and offsets)."""
    doc.text = document_text(doc)
    doc.sentences = []
    paragraphs = _paragraphs(doc.text)
    split = _paragraph_sentences([paragraph for _, paragraph in paragraphs])
    tagged = iter(tag_sentences([words for sentences in split for words in sentences]))
    for (paragraph_start, _), sentences in zip(paragraphs, split, strict=True):
        pos = paragraph_start
        for words in sentences:
            tags, lemmas, nes = next(tagged)
            starts, ends, pos = _token_offsets(doc.text, words, pos)
            # Positional, in Token's field order: a post has thousands of tokens.
            parts = map(_part_of_speech, tags)
            tokens = list(map(Token, words, lemmas, parts, nes, starts, ends, tags))
            doc.sentences.append(
                Sentence(index=len(doc.sentences), start=starts[0], end=ends[-1], tokens=tokens)
            )
    return doc


def _paragraph_sentences(paragraphs: list[str]) -> list[list[list[str]]]:
    """Return the words of each sentence of each paragraph, as pefselab splits them.

    pefselab spends 27 µs on a call before it reads a word (it indexes its abbreviations
    anew each time), half of a post's tokenising when called paragraph by paragraph. So
    the paragraphs are read in one call, joined by blank lines around a mark that the text
    does not hold, and parted again at the marks: pefselab ends a sentence at every blank
    line, so the sentences come out as they do paragraph by paragraph.

    The mark also closes the text: pefselab fails (IndexError) on a text that ends on words
    that could begin one of its abbreviations (a signature "Foto: Per T.", as "T.ex." begins).
    """
    if not paragraphs:
        return []
    mark = _absent_mark(paragraphs)
    if mark is None:  # a text holding every private-use character: read one by one
        return [_sentence_words(paragraph + "\n\n.")[:-1] for paragraph in paragraphs]
    joined = f"\n\n{mark}\n\n".join(paragraph.strip() for paragraph in [*paragraphs, ""])
    parted: list[list[list[str]]] = [[]]
    for words in _sentence_words(joined):
        if words == [mark]:
            parted.append([])
        else:
            parted[-1].append(words)
    return parted[: len(paragraphs)]


# Private-use characters: a word of their own to pefselab, and in no real text.
_MARKS = [chr(code) for code in range(0xE000, 0xF900)]


def _absent_mark(paragraphs: list[str]) -> str | None:
    """Return a character none of the paragraphs holds, for _paragraph_sentences to part them
    at; None when they hold every one."""
    return next((mark for mark in _MARKS if all(mark not in p for p in paragraphs)), None)


def _sentence_words(text: str) -> list[list[str]]:
    """Return the words of each sentence of a text, as pefselab splits them.

    pefselab's own ``build_sentences`` drops every sentence of more than 200 words, and the
    facts in it with it (a long list of participants); here none is dropped.
    """
    from pefselab.tokenizer import ABBREVS, group_sentences, join_abbrevs, tokenize

    marked = join_abbrevs(ABBREVS, tokenize(text.strip()))
    sentences = ([w for w in words if w.strip()] for words in group_sentences(marked, sys.maxsize))
    return [words for words in sentences if words]


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """Return (offset, paragraph) pairs: sentences never cross a blank line (a title, a list)."""
    result = []
    offset = 0
    for block in text.split("\n\n"):
        if block.strip():
            result.append((offset, block))
        offset += len(block) + 2
    return result
