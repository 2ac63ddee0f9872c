"""Collaboration processes: the concept scheme's labels and variants matched on words and lemmas.

"meröppna bibliotek", "läsfrämjande arbete" and "biblioteksplanen" all find their concept,
because a label matches either the text's lower-cased words or their lemmas (efselab's).
"""

from __future__ import annotations

from functools import cache

from graph.extract.spans import mention
from graph.model import PostDoc


@cache
def label_patterns() -> tuple[tuple[tuple[str, ...], tuple[str, ...], str, str], ...]:
    """Return (words, lemmas, concept IRI, label) for every Swedish label, longest first."""
    from graph.annotate import tag_sentence
    from graph.ontology import processes

    patterns = []
    for concept in processes():
        for label in sorted({concept.pref_label_sv, *concept.alt_labels_sv}):
            words = tuple(label.lower().split())
            if not words:
                continue
            _, lemmas, _ = tag_sentence(label.split())
            patterns.append((words, tuple(x.lower() for x in lemmas), str(concept.iri), label))
    # Longest first; among equals by label, so that every run matches alike (not by hash).
    return tuple(sorted(patterns, key=lambda p: (-len(p[0]), p[3], p[2])))


def _by_first_word() -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...], str, str]]]:
    """Return the label patterns indexed by their first word and first lemma."""
    index: dict[str, list] = {}
    for pattern in label_patterns():
        words, lemmas = pattern[0], pattern[1]
        for first in {words[0], lemmas[0]}:
            index.setdefault(first, []).append(pattern)
    return index


def find_processes(doc: PostDoc) -> PostDoc:
    """Add process mentions (key = the concept's IRI)."""
    index = _index()
    for sentence in doc.sentences:
        words = [t.text.lower() for t in sentence.tokens]
        lemmas = [t.lemma.lower() for t in sentence.tokens]
        used: set[int] = set()
        for i in range(len(words)):
            if words[i] not in index and lemmas[i] not in index:  # most words
                continue
            candidates = index.get(words[i], []) + index.get(lemmas[i], [])
            for label_words, label_lemmas, concept, label in candidates:
                n = len(label_words)
                if used & set(range(i, i + n)):
                    continue
                if tuple(words[i : i + n]) != label_words and (
                    tuple(lemmas[i : i + n]) != label_lemmas
                ):
                    continue
                first, last = sentence.tokens[i], sentence.tokens[i + n - 1]
                used.update(range(i, i + n))
                doc.mentions.append(
                    mention(
                        doc,
                        "process",
                        first.start,
                        last.end,
                        sentence.index,
                        rule="process-label",
                        confidence=0.9,
                        key=concept,
                        attrs={"label": label},
                    )
                )
    return doc


_index = cache(_by_first_word)
