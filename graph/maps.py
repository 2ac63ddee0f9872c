"""networkx -> one self-contained HTML map (and a static PNG/SVG drawing for reports).

Regional developers mail these maps to municipalities and open them on laptops without
network, so the page carries everything inline: vis-network's script and style (read from
pyvis's bundled copy), the project's own template around it (legend, search, filters, a side
panel with the evidence) and the graph as JSON data. pyvis builds the vis-network node, edge
and option records; the layout is computed beforehand with networkx so that a big graph opens
at once (physics off) and the same ``seed`` draws the same map.

Every text from a post reaches the page only as JSON inside ``<script type="application/json">``
with ``<``, ``>``, ``&`` and U+2028/2029 escaped, and the page builds its DOM with
``textContent``: a name like ``<img src=x onerror=...>`` shows as text and runs nothing.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import IO, Any

import networkx as nx
import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from graph.memory import collector_paused

LAYOUTS = ("force", "geo")
STATIC_FORMATS = ("png", "svg")

_TEMPLATES = Path(__file__).with_name("templates")
_VIS = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
# Above this many edges the map hides edges while the user drags or zooms, to stay fluid.
_BIG = 3000
_MAX_CONNECTIONS = 40
# Below this many nodes networkx's exact spring layout is quick; above, it is sampled.
_EXACT_LAYOUT = 500

# Colours readable on white and told apart by most colour-blind readers; a shape per type
# too, so that a black-and-white printout still shows the types.
NODE_STYLE: dict[str, tuple[str, str]] = {
    "person": ("#d1495b", "dot"),
    "organisation": ("#00798c", "square"),
    "municipality": ("#edae49", "diamond"),
    "locality": ("#6a994e", "triangle"),
    "event": ("#30638e", "star"),
    "process": ("#7b5ea7", "hexagon"),
    "unknown": ("#888888", "dot"),
}
EDGE_COLOURS: dict[str, str] = {
    "role": "#d1495b",
    "affiliation": "#e79aa5",
    "delegation": "#8c2f39",
    "same_event": "#7fa7cf",
    "speaker": "#30638e",
    "participant": "#9dbbe0",
    "home": "#00798c",
    "location": "#6a994e",
    "process": "#b9a3dc",
    "shared": "#8d99ae",
}

WORDS: dict[str, dict[str, Any]] = {
    "sv": {
        "types": {
            "person": "Person",
            "organisation": "Organisation",
            "municipality": "Kommun",
            "locality": "Ort",
            "event": "Evenemang",
            "process": "Process",
            "unknown": "Övrigt",
        },
        "kinds": {
            "role": "roll",
            "affiliation": "knuten till",
            "delegation": "samma delegation",
            "same_event": "samma evenemang",
            "speaker": "talare",
            "participant": "deltagare",
            "home": "hör till",
            "location": "plats",
            "process": "process",
            "shared": "gemensamt",
        },
        "ui": {
            "search": "Sök namn, organisation, ort …",
            "search_label": "Sök",
            "types": "Visa",
            "kinds": "Kopplingar",
            "municipality": "Kommun",
            "process": "Process",
            "year": "År",
            "all_municipalities": "Alla kommuner",
            "all_processes": "Alla processer",
            "all_years": "Alla år",
            "roles": "Roller",
            "organisations": "Organisationer",
            "municipality_of": "Kommun",
            "posts": "Inlägg som nämner",
            "connections": "Kopplingar",
            "no_posts": "Inga inlägg nämner detta direkt.",
            "hint": "Klicka på en punkt för att se vem eller vad det är och var det står skrivet.",
            "no_hits": "Ingen träff",
            "hits": "träffar",
            "showing": "Visar {shown} av {total}",
            "read": "Läs inlägget",
            "weight": "inlägg",
            "legend": "Förklaring",
            "close": "Stäng",
            "reset": "Visa allt",
        },
    },
    "en": {
        "types": {
            "person": "Person",
            "organisation": "Organisation",
            "municipality": "Municipality",
            "locality": "Locality",
            "event": "Event",
            "process": "Process",
            "unknown": "Other",
        },
        "kinds": {
            "role": "role",
            "affiliation": "affiliated with",
            "delegation": "same delegation",
            "same_event": "same event",
            "speaker": "speaker",
            "participant": "participant",
            "home": "belongs to",
            "location": "place",
            "process": "process",
            "shared": "shared",
        },
        "ui": {
            "search": "Search name, organisation, place …",
            "search_label": "Search",
            "types": "Show",
            "kinds": "Connections",
            "municipality": "Municipality",
            "process": "Process",
            "year": "Year",
            "all_municipalities": "All municipalities",
            "all_processes": "All processes",
            "all_years": "All years",
            "roles": "Roles",
            "organisations": "Organisations",
            "municipality_of": "Municipality",
            "posts": "Posts that mention it",
            "connections": "Connections",
            "no_posts": "No post mentions this directly.",
            "hint": "Click a point to see who or what it is and where it is written.",
            "no_hits": "No match",
            "hits": "matches",
            "showing": "Showing {shown} of {total}",
            "read": "Read the post",
            "weight": "posts",
            "legend": "Legend",
            "close": "Close",
            "reset": "Show all",
        },
    },
}


# --- layout ------------------------------------------------------------------------------


def layout(G: nx.Graph, *, kind: str = "force", seed: int = 0) -> dict[Any, tuple[float, float]]:
    """Return screen positions (x right, y down, in pixels) for every node of ``G``.

    ``force``: networkx's spring layout with ``seed`` (the same seed, the same map). ``geo``:
    municipalities and localities at their coordinates (an equirectangular projection around
    the graph's centre, so that Skåne looks like Skåne), the other nodes placed by the spring
    layout around them. Computed here, once, so that the browser never has to.
    """
    if kind not in LAYOUTS:
        raise ValueError(f"the layout must be one of {', '.join(LAYOUTS)}, not {kind!r}")
    if len(G) == 0:
        return {}
    scale = 250 + 45 * math.sqrt(len(G))
    fixed = _geo_positions(G) if kind == "geo" else {}
    # The spring's natural length: with places pinned, short, so that people and
    # organisations cluster around their town instead of drifting off the map.
    k = max(0.02, 1.2 / math.sqrt(len(G))) if fixed else None
    if fixed and len(fixed) == len(G):
        pos = fixed
    elif len(G) < _EXACT_LAYOUT:
        pos = nx.spring_layout(
            G, pos=fixed or None, fixed=list(fixed) or None, seed=seed, weight=None, k=k
        )
    else:
        pos = _sampled_spring(G, seed=seed, pinned=fixed, k=k)
    return {n: (float(x) * scale, -float(y) * scale) for n, (x, y) in pos.items()}


def _sampled_spring(
    G: nx.Graph,
    *,
    seed: int,
    pinned: dict[Any, tuple[float, float]],
    k: float | None = None,
    iterations: int = 60,
    sample: int = 300,
) -> dict[Any, tuple[float, float]]:
    """Return a Fruchterman-Reingold layout that pushes each node away from a sample.

    networkx's spring layout takes 20-30 s at 2,000 nodes on a laptop: repulsion from every
    other node is quadratic. Here each round repels from ``sample`` random nodes (scaled up),
    which keeps big maps to seconds and looks the same to the eye. Deterministic per ``seed``.
    """
    import numpy as np

    nodes = list(G)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2)) * 2 - 1
    free = np.ones(n, dtype=bool)
    for node, xy in pinned.items():
        pos[index[node]], free[index[node]] = xy, False
    ends = np.array([(index[u], index[v]) for u, v in G.edges() if u != v], dtype=int)
    ends = ends.reshape(-1, 2)
    k = k or 1 / math.sqrt(n)
    sample = min(sample, n)
    temperature = 0.1
    for _ in range(iterations):
        # The repulsion, a node-by-sample block, in single precision and with x and y apart:
        # plenty for a drawing, and several times faster than one node-by-sample-by-2 block.
        here = pos.astype(np.float32)
        others = here[rng.choice(n, size=sample, replace=False)]
        dx = here[:, :1] - others[:, 0]
        dy = here[:, 1:] - others[:, 1]
        push = np.float32(k * k) / np.maximum(dx * dx + dy * dy, np.float32(1e-6))
        repulsion = [(dx * push).sum(axis=1), (dy * push).sum(axis=1)]
        move = np.column_stack(repulsion).astype(float) * (n / sample)
        stretch = pos[ends[:, 0]] - pos[ends[:, 1]]
        pull = stretch * (np.sqrt((stretch**2).sum(axis=1)) / k)[:, None]
        for axis in (0, 1):
            # Each edge pulls its ends together (bincount sums per node, unlike np.add.at, fast).
            move[:, axis] += np.bincount(ends[:, 1], pull[:, axis], n)
            move[:, axis] -= np.bincount(ends[:, 0], pull[:, axis], n)
        length = np.maximum(np.sqrt((move**2).sum(axis=1)), 1e-9)
        pos[free] += (move * (temperature / length)[:, None])[free]
        temperature -= 0.1 / (iterations + 1)
    if not pinned:
        pos -= pos.mean(axis=0)
        pos /= np.abs(pos).max() or 1.0
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, pos, strict=True)}


def _geo_positions(G: nx.Graph) -> dict[Any, tuple[float, float]]:
    """Return normalised (-1..1) positions of the nodes with coordinates, north up."""
    coords = {
        n: (float(d["lon"]), float(d["lat"]))
        for n, d in G.nodes(data=True)
        if d.get("lat") is not None and d.get("lon") is not None
    }
    if not coords:
        return {}
    lat0 = sum(lat for _, lat in coords.values()) / len(coords)
    shrink = math.cos(math.radians(lat0))  # a degree of longitude is shorter in the north
    xy = {n: (lon * shrink, lat) for n, (lon, lat) in coords.items()}
    xs, ys = [x for x, _ in xy.values()], [y for _, y in xy.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return _spread({n: ((x - cx) / half, (y - cy) / half) for n, (x, y) in xy.items()})


def _spread(pos: dict[Any, tuple[float, float]]) -> dict[Any, tuple[float, float]]:
    # A locality that borrows its municipality's coordinates would hide under it: places
    # sharing a point are set on a small circle around it instead.
    at: dict[tuple[float, float], list[Any]] = {}
    for node in sorted(pos, key=str):
        at.setdefault(pos[node], []).append(node)
    spread = dict(pos)
    for (x, y), nodes in at.items():
        for i, node in enumerate(nodes[1:]):
            angle = 2 * math.pi * i / max(1, len(nodes) - 1) + math.pi / 2
            spread[node] = (x + 0.06 * math.cos(angle), y - 0.06 * math.sin(angle))
    return spread


# --- the page's data ---------------------------------------------------------------------


def _node_size(G: nx.Graph) -> Callable[[Any], float]:
    strength = dict(G.degree(weight="weight"))

    def size(node: Any) -> float:
        return round(min(48.0, 9.0 + 5.0 * math.sqrt(strength.get(node, 0))), 1)

    return size


def _label(G: nx.Graph, node: Any) -> str:
    return str(G.nodes[node].get("label") or node)


_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """Return ``value`` as JSON-ready data: sets sorted, dates as ISO text."""
    # Most of a big map's values are plain already: they are passed over without a call.
    if type(value) in _JSON_SCALARS:
        return value
    if isinstance(value, dict):
        return {str(k): v if type(v) in _JSON_SCALARS else _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [v if type(v) in _JSON_SCALARS else _plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((_plain(v) for v in value), key=str)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _panel(G: nx.Graph, node: Any, words: dict[str, Any]) -> dict[str, Any]:
    """Return what the side panel shows for ``node``: roles, organisations, posts, links."""
    data = G.nodes[node]
    roles, organisations = [], []
    # Strongest ties first; equals by name, then IRI, so that the same graph gives the same page.
    neighbours = sorted(
        G[node], key=lambda n: (-G.edges[node, n].get("weight", 1), _label(G, n), str(n))
    )
    for nb in neighbours:
        edge = G.edges[node, nb]
        other = G.nodes[nb].get("type")
        for role in edge.get("roles", ()):
            roles.append(f"{role}, {_label(G, nb)}")
        tied = edge.get("kind") in ("role", "affiliation")
        if tied and data.get("type") == "person" and other in ("organisation", "municipality"):
            organisations.append(_label(G, nb))
    links = [_link(G, node, nb, words) for nb in neighbours[:_MAX_CONNECTIONS]]
    home = data.get("municipality")
    return {
        "label": _label(G, node),
        "type": words["types"].get(data.get("type"), data.get("type")),
        "municipality": _label(G, home) if home in G else None,
        "roles": roles,
        "organisations": organisations,
        "mentions": _plain(data.get("mentions", [])),
        "links": links,
        "more_links": max(0, len(neighbours) - _MAX_CONNECTIONS),
    }


def _link(G: nx.Graph, node: Any, nb: Any, words: dict[str, Any]) -> dict[str, Any]:
    edge = G.edges[node, nb]
    kind = edge.get("kind")
    return {
        "id": str(nb),
        "label": _label(G, nb),
        "kind": words["kinds"].get(kind, kind),
        "weight": edge.get("weight", 1),
    }


def _edge_colour(kind: str) -> dict[str, Any]:
    colour = EDGE_COLOURS.get(kind, EDGE_COLOURS["shared"])
    # vis-network greys out the edges of a selected node unless told their highlight colour.
    return {"color": colour, "highlight": colour, "hover": colour, "opacity": 0.8}


def _network(G: nx.Graph, positions: dict[Any, tuple[float, float]], words: dict) -> Network:
    """Return the pyvis network: vis-network records for every node and edge."""
    net = Network(height="100%", width="100%", cdn_resources="in_line")
    size = _node_size(G)
    for node, data in G.nodes(data=True):
        colour, shape = NODE_STYLE.get(data.get("type"), NODE_STYLE["unknown"])
        x, y = positions[node]
        # pyvis's add_node checks every earlier node for a duplicate, as add_edge does (1.5 s
        # at 17,000 nodes); networkx nodes are unique already, so the records go in directly.
        record = Node(
            str(node),
            shape,
            label=_label(G, node),
            color=colour,
            font_color=net.font_color,
            title=f"{_label(G, node)} ({words['types'].get(data.get('type'), '')})",
            size=size(node),
            x=round(x, 1),
            y=round(y, 1),
            # Read by the page's filters, ignored by vis-network.
            kind=data.get("type", "unknown"),
            municipalities=[str(m) for m in data.get("municipalities", ())],
            processes=[str(p) for p in data.get("processes", ())],
            years=sorted(data.get("years", ())),
        ).options
        net.nodes.append(record)
        net.node_ids.append(str(node))
        net.node_map[str(node)] = record
    for number, (u, v, data) in enumerate(G.edges(data=True)):
        kind = data.get("kind", "shared")
        weight = data.get("weight", 1)
        label = words["kinds"].get(kind, kind)
        # pyvis's add_edge checks every earlier edge for a duplicate (quadratic: seconds at
        # 10,000 edges); networkx edges are unique already, so the records go in directly.
        edge = Edge(
            str(u),
            str(v),
            id=f"e{number}",
            kind=kind,
            color=_edge_colour(kind),
            width=round(1 + 1.5 * math.log2(max(1, weight)), 2),
            title=f"{_label(G, u)} – {_label(G, v)}: {label} ({weight} {words['ui']['weight']})",
        )
        net.edges.append(edge.options)
    net.toggle_physics(False)
    net.options.edges.smooth.enabled = False
    net.options.edges.inherit_colors(False)
    big = G.number_of_edges() > _BIG
    net.options.interaction.hideEdgesOnDrag = big
    return net


def _options(net: Network, big: bool) -> dict[str, Any]:
    options = json.loads(net.options.to_json())
    options["physics"]["stabilization"] = {"enabled": False}
    options["layout"] = {"improvedLayout": False}
    options["interaction"].update(
        {"hover": not big, "tooltipDelay": 200, "hideEdgesOnZoom": big, "navigationButtons": False}
    )
    options["nodes"] = {
        "borderWidth": 1,
        "font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 3},
        "scaling": {"label": {"drawThreshold": 7}},
    }
    return options


def page_data(
    G: nx.Graph, *, layout_kind: str = "force", seed: int = 0, lang: str = "sv"
) -> dict[str, Any]:
    """Return everything the map page needs, as JSON-ready data.

    Kept apart from the HTML so that tests (and other front ends) can read what a map shows.
    """
    words = WORDS.get(lang)
    if words is None:
        raise ValueError(f"the language must be one of {', '.join(WORDS)}, not {lang!r}")
    net = _network(G, layout(G, kind=layout_kind, seed=seed), words)
    nodes, edges, _, _, _, _ = net.get_network_data()
    present = {d.get("type", "unknown") for _, d in G.nodes(data=True)}
    kinds = {d.get("kind", "shared") for _, _, d in G.edges(data=True)}
    return {
        "lang": lang,
        "ui": words["ui"],
        "types": [
            {"id": t, "label": words["types"][t], "color": c, "shape": s}
            for t, (c, s) in NODE_STYLE.items()
            if t in present
        ],
        "kinds": [
            {"id": k, "label": words["kinds"][k], "color": c}
            for k, c in EDGE_COLOURS.items()
            if k in kinds
        ],
        "nodes": _plain(nodes),
        "edges": _plain(edges),
        "panels": {str(n): _panel(G, n, words) for n in G},
        "filters": _filters(G),
        "options": _options(net, G.number_of_edges() > _BIG),
    }


def _filters(G: nx.Graph) -> dict[str, list]:
    municipalities = sorted(
        {(str(n), _label(G, n)) for n, t in G.nodes(data="type") if t == "municipality"},
        key=lambda item: item[1],
    )
    process_ids = {p for _, d in G.nodes(data=True) for p in d.get("processes", ())}
    processes = sorted(
        ((str(p), _label(G, p) if p in G else str(p).rsplit("/", 1)[-1]) for p in process_ids),
        key=lambda item: item[1],
    )
    years = sorted({y for _, d in G.nodes(data=True) for y in d.get("years", ())})
    return {
        "municipalities": [list(m) for m in municipalities],
        "processes": [list(p) for p in processes],
        "years": years,
    }


def script_json(data: Any) -> str:
    """Return ``data`` as JSON safe to put inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c`` ... so that no text (``</script>``, ``<!--``) can
    end or confuse the script element; U+2028/2029 are escaped for old JavaScript parsers.

    >>> script_json({"t": "</script><b>&"})
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


@cache
def _vis_assets() -> tuple[str, str]:
    script = (_VIS / "vis-network.min.js").read_text(encoding="utf-8")
    style = (_VIS / "vis-network.css").read_text(encoding="utf-8")
    # The bundle holds neither today; guard against a future one ending the element early.
    return script.replace("</script", "<\\/script"), style.replace("</style", "<\\/style")


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(_TEMPLATES),
        autoescape=select_autoescape(["html"]),
        keep_trailing_newline=True,
    )


def render_map(
    G: nx.Graph, *, title: str, layout: str = "force", seed: int = 0, lang: str = "sv"
) -> str:
    """Return the map of ``G`` as one self-contained HTML page (see ``write_map``)."""
    # The page data is hundreds of thousands of small dicts (see graph.memory).
    with collector_paused():
        data = page_data(G, layout_kind=layout, seed=seed, lang=lang)
    script, style = _vis_assets()
    template = _environment().get_template("map.html")
    return template.render(
        title=title,
        lang=lang,
        ui=data["ui"],
        vis_script=script,
        vis_style=style,
        data_json=script_json(data),
    )


def write_map(
    G: nx.Graph,
    path: str | os.PathLike[str],
    *,
    title: str,
    layout: str = "force",
    seed: int = 0,
    lang: str = "sv",
) -> Path:
    """Write the interactive map of ``G`` to ``path`` and return the path.

    One HTML file that works offline: legend, search, filters by type, municipality, process
    and year, and a side panel with a clicked node's roles, organisations, municipality and
    the posts (title, date, link, sentence) that mention it. ``layout`` is ``force`` or
    ``geo``; the same ``seed`` gives the same drawing; ``lang`` is ``sv`` or ``en``. The file
    is replaced atomically, so an open map is never half written.
    """
    html = render_map(G, title=title, layout=layout, seed=seed, lang=lang)
    target = Path(path)
    _write_atomic(target, lambda out: out.write(html.encode("utf-8")))
    return target


# --- static drawing ----------------------------------------------------------------------


def write_static(
    G: nx.Graph,
    path: str | os.PathLike[str],
    fmt: str = "png",
    *,
    title: str = "",
    layout: str = "force",
    seed: int = 0,
    lang: str = "sv",
    labels: int = 60,
) -> Path:
    """Draw ``G`` with matplotlib to a PNG or SVG file for reports and return the path.

    The same positions, colours and shapes as the interactive map; only the ``labels`` best
    connected nodes are named, so that a printed page stays readable.
    """
    if fmt not in STATIC_FORMATS:
        raise ValueError(f"the format must be one of {', '.join(STATIC_FORMATS)}, not {fmt!r}")
    words = WORDS.get(lang)
    if words is None:
        raise ValueError(f"the language must be one of {', '.join(WORDS)}, not {lang!r}")
    positions = _static_positions(G, layout, seed)
    figure = _draw(G, layout_positions=positions, words=words, labels=labels)
    if title:
        figure.suptitle(title, fontsize=14)
    target = Path(path)
    _write_atomic(target, lambda out: figure.savefig(out, format=fmt, dpi=150))
    return target


def _static_positions(G: nx.Graph, kind: str, seed: int) -> dict[Any, tuple[float, float]]:
    return {n: (x, -y) for n, (x, y) in layout(G, kind=kind, seed=seed).items()}


_MARKERS = {"dot": "o", "square": "s", "diamond": "D", "triangle": "^", "star": "*", "hexagon": "h"}


def _draw(G: nx.Graph, *, layout_positions: dict, words: dict, labels: int = 60) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    figure = Figure(figsize=(12, 9))
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    ax.set_axis_off()
    size = _node_size(G)
    for kind, colour in EDGE_COLOURS.items():
        edges = [(u, v) for u, v, k in G.edges(data="kind") if (k or "shared") == kind]
        if edges:
            widths = [0.6 + math.log2(max(1, G.edges[e].get("weight", 1))) for e in edges]
            nx.draw_networkx_edges(
                G, layout_positions, edgelist=edges, ax=ax, edge_color=colour, width=widths,
                alpha=0.6,
            )  # fmt: skip
    handles = []
    for node_type, (colour, shape) in NODE_STYLE.items():
        nodes = [n for n, t in G.nodes(data="type") if (t or "unknown") == node_type]
        if not nodes:
            continue
        marker = _MARKERS[shape]
        nx.draw_networkx_nodes(
            G, layout_positions, nodelist=nodes, ax=ax, node_color=colour, node_shape=marker,
            node_size=[size(n) ** 2 for n in nodes], edgecolors="white", linewidths=0.6,
        )  # fmt: skip
        handles.append(
            Line2D([], [], marker=marker, color=colour, linestyle="", markersize=9,
                   label=words["types"][node_type])
        )  # fmt: skip
    strongest = sorted(G, key=lambda n: -G.degree(n, weight="weight"))[:labels]
    # Names go just under their marker, as on the interactive map, so they hide no node.
    ys = [y for _, y in layout_positions.values()] or [0.0]
    drop = (max(ys) - min(ys)) * 0.025
    below = {n: (x, y - drop) for n, (x, y) in layout_positions.items()}
    nx.draw_networkx_labels(
        G, below, labels={n: _label(G, n) for n in strongest}, ax=ax, font_size=8,
        verticalalignment="top",
        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.6, "pad": 0.3},
    )  # fmt: skip
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)
    figure.tight_layout()
    return figure


# --- files -------------------------------------------------------------------------------


def _write_atomic(target: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write through ``write`` to a temporary file beside ``target``, then swap it in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would keep a shared map from its readers
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
