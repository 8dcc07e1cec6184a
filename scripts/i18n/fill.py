"""Fill the sv catalogues from mapping.py (English msgid -> the Swedish the site showed before), with GNU gettext's
msgmerge and no fuzzy matching; fails listing every msgid left without Swedish (every msgstr must be filled).

    python scripts/i18n/fill.py APP/locale/sv/LC_MESSAGES/django.po ... [--extra=more.po]
"""
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from mapping import BLOCKS, EN_TO_SV_NEW, PLURALS, PLURALS_NEW, SV_TO_EN  # noqa: E402


HEADER = """# Swedish catalogue. English msgids; the Swedish is what the site shows.
# Extract with scripts/i18n/make.sh, fill with scripts/i18n/fill.py, compile with compilemessages.
msgid ""
msgstr ""
"Project-Id-Version: dialog\\n"
"Language: sv\\n"
"Language-Team: Swedish\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"""


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def compendium() -> str:
    single = {en: sv for sv, en in {**SV_TO_EN, **BLOCKS}.items()} | EN_TO_SV_NEW
    plural = {en: sv for sv, en in PLURALS.items()} | dict(PLURALS_NEW)
    out = ['msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n']
    for en, sv in single.items():
        fmt = "#, python-format\n" if "%(" in en else ""
        out.append(f"{fmt}msgid {quote(en)}\nmsgstr {quote(sv)}\n")
    for (one, many), (sv_one, sv_many) in plural.items():
        out.append(f"#, python-format\nmsgid {quote(one)}\nmsgid_plural {quote(many)}\n"
                   f"msgstr[0] {quote(sv_one)}\nmsgstr[1] {quote(sv_many)}\n")
    return "\n".join(out)


def main(args):
    extras = [a.split("=", 1)[1] for a in args if a.startswith("--extra=")]
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        comp = Path(tmp) / "mapping.po"
        comp.write_text(compendium())
        for path in [a for a in args if not a.startswith("--")]:
            cmd = ["msgmerge", "--quiet", "--no-fuzzy-matching", "--no-wrap", "--no-location", "--lang=sv",
                   "--compendium", str(comp)]
            for extra in extras:
                cmd += ["--compendium", extra]
            subprocess.run(cmd + ["-o", path, "/dev/null", path], check=True)
            text = Path(path).read_text()
            head, sep, rest = text.partition("\n\n")
            Path(path).write_text(HEADER + sep + rest)
            left = subprocess.run(["msgattrib", "--untranslated", "--no-wrap", path], capture_output=True,
                                  text=True, check=True).stdout
            fuzzy = subprocess.run(["msgattrib", "--only-fuzzy", "--no-wrap", path], capture_output=True,
                                   text=True, check=True).stdout
            if left.strip() or fuzzy.strip():
                failed = True
                print(f"== {path}: untranslated or fuzzy\n{left}{fuzzy}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
