"""The install step of the workflow ``init`` writes follows where this gloss came from
(PEP 610's direct_url.json). Found by a new user: the workflow pinned ``gloss==0.1.0``,
and ``gloss`` on PyPI is another project's (1.2.2, 1.3.0): the first deploy failed, and
without the pin it would have installed someone else's package."""

from __future__ import annotations

import json

import pytest

from gloss.commands.init import workflow
from gloss.commands.origin import DISTRIBUTION, install_for
from gloss.text.yamlsafe import load


def test_the_distribution_is_not_the_name_another_project_holds_on_pypi() -> None:
    assert DISTRIBUTION == "gloss-digest"


def test_from_an_index_it_is_pinned_to_this_version() -> None:
    assert install_for(None, "0.1.0").requirement == "gloss-digest==0.1.0"
    assert install_for(None, "0.1.0").note == ""


def test_from_a_git_checkout_it_is_installed_from_that_commit() -> None:
    data = {"url": "https://github.com/me/gloss.git", "vcs_info": {"vcs": "git", "commit_id": "a" * 40}}
    found = install_for(json.dumps(data), "0.1.0")
    assert found.requirement == f"gloss-digest @ git+https://github.com/me/gloss.git@{'a' * 40}"
    assert found.note == ""


def test_from_a_wheel_on_the_web_it_is_installed_from_that_url() -> None:
    data = {"url": "https://example.org/gloss_digest-0.1.0-py3-none-any.whl", "archive_info": {}}
    assert install_for(json.dumps(data), "0.1.0").requirement == f"gloss-digest @ {data['url']}"


@pytest.mark.parametrize(
    "data",
    [
        {"url": "file:///home/me/gloss", "dir_info": {"editable": True}},
        {"url": "file:///home/me/gloss", "dir_info": {}},
        {"url": "file:///tmp/gloss_digest-0.1.0-py3-none-any.whl", "archive_info": {}},
        {"url": "file:///home/me/gloss", "vcs_info": {"vcs": "git", "commit_id": "b" * 40}},
    ],
)
def test_from_a_local_source_ci_cannot_reach_the_editor_is_told(data: dict[str, object]) -> None:
    found = install_for(json.dumps(data), "0.1.0")
    assert found.requirement == "gloss-digest==0.1.0"
    assert str(data["url"]).removeprefix("file://") in found.note and '"Install gloss"' in found.note


@pytest.mark.parametrize("text", ["", "{", "[]", '{"url": 3}', '{"vcs_info": {}}', '"x"'])
def test_a_damaged_direct_url_is_read_as_an_index_install(text: str) -> None:
    assert install_for(text, "0.2.0") == install_for(None, "0.2.0")


def test_the_workflow_installs_what_it_is_given() -> None:
    requirement = f"gloss-digest @ git+https://github.com/me/gloss.git@{'c' * 40}"
    flow = load(workflow(requirement)).data
    runs = [step.get("run", "") for step in flow["jobs"]["build"]["steps"]]
    assert f'python -m pip install "{requirement}"' in runs
