"""Commit subjects are at most 72 characters (details go into the body): checks every commit after BASE.

    python .ci/commit_betreffs.py [BASE]      # BASE default d32c4ee; exit 1 and a list of the long ones

Older history (up to and including BASE) has longer subjects and is left as it is, and so are the commits listed
in ``.ci/commit_betreffs_ausnahmen`` (they were on main before this check existed; history is not rewritten).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BASIS = "d32c4ee"
HOECHSTENS = 72
AUSNAHMEN = Path(__file__).with_name("commit_betreffs_ausnahmen")


def ausnahmen(datei: Path = AUSNAHMEN) -> set[str]:
    """The accepted commits (abbreviated hashes) of the exceptions file; lines starting with # are comments."""
    if not datei.exists():
        return set()
    zeilen = (zeile.split("#", 1)[0].strip() for zeile in datei.read_text(encoding="utf-8").splitlines())
    return {zeile.split()[0] for zeile in zeilen if zeile}


def zu_lange(basis: str = BASIS, repo: str = ".", erlaubt: set[str] = frozenset()) -> list[tuple[str, str]]:
    """(commit, subject) of every commit after ``basis`` whose subject is longer than 72 characters, but for the
    commits in ``erlaubt`` (abbreviated hashes)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", repo, *args], check=True, capture_output=True, text=True, encoding="utf-8"
        ).stdout

    try:
        git("rev-parse", "--verify", "--quiet", f"{basis}^{{commit}}")
    except subprocess.CalledProcessError:
        raise SystemExit(
            f"Commit {basis} fehlt (flacher Klon?); bitte `git fetch --unshallow` und erneut prüfen."
        ) from None
    zeilen = git("log", "--format=%H%x00%h%x00%s", f"{basis}..HEAD").splitlines()
    return [
        (kurz, betreff)
        for voll, kurz, betreff in (z.split("\0", 2) for z in zeilen)
        if len(betreff) > HOECHSTENS and not any(voll.startswith(a) for a in erlaubt)
    ]


def main(argv: list[str]) -> int:
    lang = zu_lange(argv[1] if len(argv) > 1 else BASIS, erlaubt=ausnahmen())
    for commit, betreff in lang:
        print(f"{commit}: Betreff hat {len(betreff)} Zeichen (höchstens {HOECHSTENS}): {betreff}")
    return 1 if lang else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
