"""Write a report's blocks as Markdown, or as one self-contained HTML page (inline CSS and SVG,
nothing fetched from the network).
"""

from __future__ import annotations

from html import escape

from negsim.report.blocks import Block, Bullets, Chart, Heading, Para, Table
from negsim.report.svg import chart_svg

_CSS = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.7rem; } h2 { border-bottom: 1px solid #ccc; margin-top: 2rem; } h3 { margin-bottom: .3rem; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .2rem .5rem; text-align: left; }
.em { color: #555; font-style: italic; } .strong { font-weight: 600; }
figure { margin: .5rem 0 1rem; } figcaption { font-weight: 600; }
@media print { h2 { page-break-after: avoid; } figure { page-break-inside: avoid; } }
"""


def markdown(blocks: list[Block]) -> str:
    """The blocks as Markdown (charts as a row of values)."""
    out: list[str] = []
    for b in blocks:
        match b:
            case Heading(level=level, text=text):
                out += ["#" * level + " " + text, ""]
            case Para(text=text, style=style):
                mark = "*" if style == "em" else "**" if style == "strong" else ""
                out += [f"{mark}{text}{mark}", ""]
            case Bullets(items=items):
                for item, subs in items:
                    out.append(f"- {item}")
                    out += [f"  - {sub}" for sub in subs]
                out.append("")
            case Table(header=header, rows=rows):
                out.append("| " + " | ".join(header) + " |")
                out.append("|" + "---|" * len(header))
                out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
                out.append("")
            case Chart(title=title, values=values, low=low, high=high):
                labels = ["S", *[str(i) for i in range(1, len(values))]]
                out.append(
                    f"**{title}** ({low}–{high}): " + ", ".join(f"{k} {v}" for k, v in zip(labels, values, strict=True))
                )
                out.append("")
    return "\n".join(out).rstrip() + "\n"


def html(blocks: list[Block], title: str) -> str:
    """The blocks as one HTML page that needs nothing from the network."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
    ]
    for b in blocks:
        match b:
            case Heading(level=level, text=text, anchor=anchor):
                ident = f' id="{escape(anchor)}"' if anchor else ""
                out.append(f"<h{level}{ident}>{escape(text)}</h{level}>")
            case Para(text=text, style=style):
                cls = f' class="{style}"' if style else ""
                out.append(f"<p{cls}>{escape(text)}</p>")
            case Bullets(items=items):
                out.append("<ul>")
                for item, subs in items:
                    inner = "".join(f"<li>{escape(s)}</li>" for s in subs)
                    out.append(f"<li>{escape(item)}" + (f"<ul>{inner}</ul>" if inner else "") + "</li>")
                out.append("</ul>")
            case Table(header=header, rows=rows):
                head = "".join(f"<th>{escape(h)}</th>" for h in header)
                body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
                out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
            case Chart():
                out.append(f"<figure><figcaption>{escape(b.title)}</figcaption>{chart_svg(b)}</figure>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
