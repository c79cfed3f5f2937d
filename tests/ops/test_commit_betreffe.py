"""The CI's check of commit subjects (.ci/commit_betreffs.py): at most 72 characters after the base commit."""

import importlib.util
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

SKRIPT = Path(settings.BASE_DIR) / ".ci" / "commit_betreffs.py"


def laden():
    spec = importlib.util.spec_from_file_location("commit_betreffs", SKRIPT)
    modul = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modul)
    return modul


def commit(repo: Path, betreff: str) -> str:
    def git(*args):
        return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout

    git("commit", "--allow-empty", "-q", "-m", betreff, "-m", "Einzelheiten im Text.")
    return git("rev-parse", "--short", "HEAD").strip()


@pytest.fixture
def repo(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for key, value in (("user.name", "Test"), ("user.email", "test@example.org")):
        subprocess.run(["git", "-C", str(tmp_path), "config", key, value], check=True)
    return tmp_path


def test_only_subjects_after_the_base_longer_than_72_characters_are_listed(repo):
    basis = commit(repo, "Alter Betreff, " + "viel zu lang " * 10)  # before and at the base: left alone
    commit(repo, "Kurzer Betreff")
    genau = commit(repo, "Ä" * 72)  # characters count, not bytes
    lang = commit(repo, "Übersicht: " + "x" * 62)

    assert laden().zu_lange(basis, str(repo)) == [(lang, "Übersicht: " + "x" * 62)]
    assert genau not in [c for c, _ in laden().zu_lange(basis, str(repo))]


def test_commits_in_the_exceptions_file_are_accepted(repo, tmp_path):
    basis = commit(repo, "Basis")
    alt = commit(repo, "Schon auf main: " + "x" * 70)
    neu = commit(repo, "Danach: " + "y" * 70)
    datei = tmp_path / "ausnahmen"
    datei.write_text(f"# angenommen\n{alt} 2026-11-30 auf main vor der Prüfung\n", encoding="utf-8")
    modul = laden()

    assert [c for c, _ in modul.zu_lange(basis, str(repo), erlaubt=modul.ausnahmen(datei))] == [neu]


def test_a_missing_base_is_an_error_with_advice(repo):
    commit(repo, "Erster Commit")

    with pytest.raises(SystemExit, match="fehlt"):
        laden().zu_lange("0000000", str(repo))
