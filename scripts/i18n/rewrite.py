"""One-off: rewrite Swedish msgids to English ones in code and templates (see mapping.py)."""
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from mapping import BLOCKS, PLURALS, SV_TO_EN  # noqa: E402

SKIP = ("viewsets.py", "wagtail_hooks.py", "/templates/dialog_moderation/admin/", "/locale/", "/migrations/")
CALL = r"(?P<pre>(?:\b_|\bgettext|\bgettext_lazy|\bngettext|\bngettext_lazy|\bpgettext_lazy|\bpgettext)\(\s*|\{%\s*(?:translate|trans)\s+|_\()"

def rewrite(text):
    for sv, en in sorted(SV_TO_EN.items(), key=lambda kv: -len(kv[0])):
        for q in ('"', "'"):
            pat = re.compile(CALL + re.escape(q + sv + q))
            text = pat.sub(lambda m: m.group("pre") + q + en + q, text)
    return text

def block(text):
    for sv, en in BLOCKS.items():
        svt = re.sub(r"%\((\w+)\)s", r"{{ \1 }}", sv)
        ent = re.sub(r"%\((\w+)\)s", r"{{ \1 }}", en)
        text = text.replace("%}" + svt + "{% endblocktranslate", "%}" + ent + "{% endblocktranslate")
    for (s1, s2), (e1, e2) in PLURALS.items():
        f = lambda s: re.sub(r"%\((\w+)\)s", r"{{ \1 }}", s)
        text = text.replace("%}" + f(s1) + "{% plural %}" + f(s2) + "{% endblocktranslate",
                            "%}" + f(e1) + "{% plural %}" + f(e2) + "{% endblocktranslate")
    return text

for root in sys.argv[1:]:
    for path in Path(root).rglob("*"):
        if path.suffix not in (".py", ".html", ".txt") or any(s in str(path) for s in SKIP):
            continue
        old = path.read_text()
        new = block(rewrite(old))
        if new != old:
            path.write_text(new)
            print("rewrote", path)
