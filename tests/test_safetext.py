import pytest

from tui.safetext import visible

HOSTILE = [
    "\x1b[31mred\x1b[0m",
    "\x1b]52;c;aGVsbG8=\x07",
    "\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\",
    "bell\x07 back\x08space",
    "carriage\rreturn",
    "c1\x9b31m",
    "sep\u2028line\u2029para\x0bvt\x0cff\x1cfs\x85nel",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_control_character_survives(text: str) -> None:
    shown = visible(text)
    assert len(shown) == len(text)  # one for one: offsets stay valid
    assert all(ch.isprintable() for ch in shown)
    assert shown.splitlines() == [shown]


def test_layout_is_kept_when_asked_and_markup_is_left_alone() -> None:
    text = "[bold]not bold[/] $var \\ \n\tindent\rx"
    shown = visible(text, keep_layout=True)
    assert shown.split("\n") == ["[bold]not bold[/] $var \\ ", "\tindent\u240dx"]
