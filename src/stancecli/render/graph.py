"""The matrix as a network for Gephi, visone, networkx and igraph: GraphML and GEXF.

Actors are nodes (name, kind, bloc); each pair with at least --min-n topics compared (not low
confidence) and a defined value is an undirected edge weighted by the matrix's metric, with n, and
sources and verdict when the document has them, as edge attributes. Weights are the JSON document's
values exactly. Text is escaped as in the SVG (visible controls, XML escapes, ASCII file).
"""

from __future__ import annotations

from typing import Any

from stancecli.render.svg import ascii_only, text


def _bloc_of(document: dict[str, Any]) -> dict[str, str]:
    """Each actor's bloc number (1, 2 ...), or "unaligned"."""
    found = {a: "unaligned" for a in document["actors"]}
    for number, bloc in enumerate(document.get("blocs", []), 1):
        for actor in bloc:
            found[actor] = str(number)
    return found


def _edges(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Each pair once (in the matrix's order), at or above --min-n, with a value."""
    order = {a: i for i, a in enumerate(document["actors"])}
    return [c for c in document["cells"]
            if order[c["a"]] < order[c["b"]] and c["n"] > 0 and not c.get("low_confidence")
            and c.get("value") is not None]


def _sources(cell: dict[str, Any]) -> str:
    value = cell.get("sources")
    return ";".join(map(str, value)) if isinstance(value, list) else str(value)


def _optional(edges: list[dict[str, Any]]) -> list[str]:
    """The pair fields present in this document (other parts add them): sources, verdict."""
    return [k for k in ("sources", "verdict") if any(e.get(k) is not None for e in edges)]


def render_graphml(document: dict[str, Any], extra: dict[str, Any]) -> str:
    names, kinds = extra.get("names", {}), extra.get("kinds", {})
    blocs, edges = _bloc_of(document), _edges(document)
    optional = _optional(edges)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
           '<key id="metric" for="graph" attr.name="metric" attr.type="string"/>',
           '<key id="label" for="node" attr.name="label" attr.type="string"/>',
           '<key id="kind" for="node" attr.name="kind" attr.type="string"/>',
           '<key id="bloc" for="node" attr.name="bloc" attr.type="string"/>',
           '<key id="weight" for="edge" attr.name="weight" attr.type="double"/>',
           '<key id="n" for="edge" attr.name="n" attr.type="int"/>']
    out += [f'<key id="{k}" for="edge" attr.name="{k}" attr.type="string"/>' for k in optional]
    out.append('<graph id="alignment" edgedefault="undirected">')
    out.append(f'<data key="metric">{text(document["metric"])}</data>')
    for actor in document["actors"]:
        out.append(f'<node id="{text(actor)}"><data key="label">{text(names.get(actor, actor))}</data>'
                   f'<data key="kind">{text(kinds.get(actor, ""))}</data>'
                   f'<data key="bloc">{blocs[actor]}</data></node>')
    for edge in edges:
        more = "".join(f'<data key="{k}">{text(_sources(edge) if k == "sources" else edge[k])}</data>'
                       for k in optional if edge.get(k) is not None)
        out.append(f'<edge source="{text(edge["a"])}" target="{text(edge["b"])}">'
                   f'<data key="weight">{edge["value"]!r}</data><data key="n">{edge["n"]}</data>'
                   f"{more}</edge>")
    out += ["</graph>", "</graphml>"]
    return ascii_only("\n".join(out) + "\n")


def render_gexf(document: dict[str, Any], extra: dict[str, Any]) -> str:
    names, kinds = extra.get("names", {}), extra.get("kinds", {})
    blocs, edges = _bloc_of(document), _edges(document)
    optional = _optional(edges)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">',
           f"<meta><description>alignment matrix: {text(document['metric'])}</description></meta>",
           '<graph mode="static" defaultedgetype="undirected">',
           '<attributes class="node"><attribute id="kind" title="kind" type="string"/>'
           '<attribute id="bloc" title="bloc" type="string"/></attributes>',
           '<attributes class="edge"><attribute id="n" title="n" type="integer"/>'
           + "".join(f'<attribute id="{k}" title="{k}" type="string"/>' for k in optional)
           + "</attributes>", "<nodes>"]
    for actor in document["actors"]:
        out.append(f'<node id="{text(actor)}" label="{text(names.get(actor, actor))}"><attvalues>'
                   f'<attvalue for="kind" value="{text(kinds.get(actor, ""))}"/>'
                   f'<attvalue for="bloc" value="{blocs[actor]}"/></attvalues></node>')
    out += ["</nodes>", "<edges>"]
    for number, edge in enumerate(edges):
        more = "".join(f'<attvalue for="{k}" value="{text(_sources(edge) if k == "sources" else edge[k])}"/>'
                       for k in optional if edge.get(k) is not None)
        out.append(f'<edge id="{number}" source="{text(edge["a"])}" target="{text(edge["b"])}" '
                   f'weight="{edge["value"]!r}"><attvalues><attvalue for="n" value="{edge["n"]}"/>'
                   f"{more}</attvalues></edge>")
    out += ["</edges>", "</graph>", "</gexf>"]
    return ascii_only("\n".join(out) + "\n")
