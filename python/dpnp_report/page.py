"""HTML building blocks of the report: one self-contained page, figures as PNG data URIs, the
stretch switch in CSS (radio buttons), no script and no external resource."""
import base64
import html

NOT_IN_FILE = "not in this file"

STYLE = """
body { font-family: sans-serif; margin: 1.5em auto; max-width: 1400px; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; border-bottom: 1px solid #ccc; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; vertical-align: top; }
td.num { text-align: right; font-family: monospace; }
.absent { color: #888; font-style: italic; }
.verdict { padding: 0.4em 0.8em; display: inline-block; border-radius: 4px; }
.verdict.yes { background: #d8f0d8; } .verdict.no { background: #f6d6d6; } .verdict.unknown { background: #eee; }
figure { margin: 0.5em 0; } figure img { max-width: 100%; } figcaption { font-size: 0.85em; color: #555; }
pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; font-size: 0.85em; }
.stretch-view { display: none; }
.stretch-choice label { margin-right: 1em; }
"""


def escape(text):
    return html.escape(str(text), quote=True)


def figure(png, alt, caption):
    data = base64.b64encode(png).decode("ascii")
    return (f'<figure><img src="data:image/png;base64,{data}" alt="{escape(alt)}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>")


def absent(what=NOT_IN_FILE):
    return f'<span class="absent">{escape(what)}</span>'


def cell(value):
    if value is None:
        return f"<td>{absent()}</td>"
    if isinstance(value, (int, float)):
        return f'<td class="num">{escape(f"{value:.4g}" if isinstance(value, float) else value)}</td>'
    return f"<td>{escape(value)}</td>"


def table(header, rows):
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(cell(v) for v in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def stretch_switch(views, default):
    """views: {stretch: html}; radio buttons show the chosen one (CSS :checked, no script)."""
    inputs, labels, css = [], [], []
    for name in views:
        checked = " checked" if name == default else ""
        inputs.append(f'<input type="radio" name="stretch" id="stretch-{name}"{checked}>'
                      f'<label for="stretch-{name}">{escape(name)}</label>')
        css.append(f"#stretch-{name}:checked ~ #view-{name} {{ display: block; }}")
    blocks = "".join(f'<div class="stretch-view" id="view-{name}">{body}</div>' for name, body in views.items())
    return (f"<style>{' '.join(css)}</style>"
            f'<div class="stretch-choice">stretch: {"".join(inputs)}{blocks}</div>')


def document(title, sections):
    body = "".join(f"<h2>{escape(heading)}</h2>{content}" if heading else content for heading, content in sections)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{STYLE}</style></head><body><h1>{escape(title)}</h1>{body}</body></html>\n")
