"""Names a command does not know (issue 20): every unknown actor and topic is said at once, one line
each, exit 2 and nothing on stdout; the start of one id alone is that id (as `add -s wire` takes a
source), said on stderr; the start of several ids lists them."""

from __future__ import annotations

import pytest

from stancecli.errors import StanceError
from stancecli.resolve import resolve
from tests.conftest import SMALL, run


def refused(*args: str) -> list[str]:
    result = run("--data", str(SMALL), *args)
    assert (result.returncode, result.stdout) == (2, "")
    return result.stderr.splitlines()


UNKNOWN = "stance: unknown {} '{}' (`stance {}s` lists them)"


def actor(name: str) -> str:
    return UNKNOWN.format("actor", name, "actor")


def topic(name: str) -> str:
    return UNKNOWN.format("topic", name, "topic")


@pytest.mark.parametrize(("args", "said"), [
    (["show", "russia", "xyzzy", "qqqq"], [actor("xyzzy"), actor("qqqq")]),
    (["show", "xyzzy", "russia", "--topic", "zzz", "--topic", "taiwan", "--topic", "yyy"],
     [actor("xyzzy"), topic("zzz"), topic("yyy")]),
    (["diff", "xx", "yy", "--topic", "zzz"], [actor("xx"), actor("yy"), topic("zzz")]),
    (["diff", "--topic", "zzz", "--actors", "xx,russia"], [actor("xx"), topic("zzz")]),
    (["matrix", "--actors", "xx,yy"], [actor("xx"), actor("yy")]),
    (["matrix", "--topic", "zzz", "--topic", "yyy"], [topic("zzz"), topic("yyy")]),
    (["drivers", "xx", "yy"], [actor("xx"), actor("yy")]),
    (["trend", "russia", "qqq", "--topic", "zz"], [actor("qqq"), topic("zz")]),
    (["timeline", "xyz", "--topic", "qqq"], [actor("xyz"), topic("qqq")]),
])
def test_every_unknown_name_is_said_at_once(args: list[str], said: list[str]) -> None:
    assert refused(*args) == said


def test_the_start_of_one_id_is_taken_and_said() -> None:
    result = run("--data", str(SMALL), "show", "chi", "--topic", "nat", "--format", "csv")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "stance: 'chi' taken as actor 'china' (China), the only id that begins so",
        "stance: 'nat' taken as topic 'nato-expansion' (NATO expansion), the only id that begins so"]
    assert result.stdout.splitlines()[1].startswith("china,nato-expansion,oppose,")


def test_the_start_of_several_ids_lists_them_and_is_refused() -> None:
    # curated data: russia, russian-public and russel; three topics start with russia-
    result = run("timeline", "rus", "--topic", "rus")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "stance: unknown actor 'rus'; did you mean 'russel' or 'russia' or 'russian-public'? "
        "(`stance actors` lists them)",
        "stance: unknown topic 'rus'; did you mean 'russia-defeat' or 'russia-eu-ties' or "
        "'russia-security-guarantees'? (`stance topics` lists them)"]


def test_a_start_shorter_than_three_letters_is_no_id() -> None:
    from stancecli.model import Actor

    records = [Actor("australia", "Australia", "state")]
    assert resolve("aus", records, "actor").id == "australia"
    assert refused("show", "au") == [actor("au")]
    with pytest.raises(StanceError, match="unknown actor 'au'"):
        resolve("au", records, "actor")
