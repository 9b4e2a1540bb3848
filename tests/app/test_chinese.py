"""Chinese articles in the real app: words selected and tagged, wide characters laid out whole."""

from __future__ import annotations

from collections.abc import Callable

from tui.app.annotator import Annotator
from tui.workspace import Workspace

from .conftest import opened, saved, settle

ZH = "zh_001"
ZH_TEXT = (
    "黑龙江省政府出台新政策，支持哈尔滨新区的科技企业融资。\n\n"
    "新华社哈尔滨9月4日电 长光卫星技术股份有限公司获得风险投资，将在长春新区建设新的研发中心。"
    "该公司表示，未来三年将投入10亿元用于卫星研发。\n"
)

MakeWorkspace = Callable[[dict[str, str | bytes]], Workspace]


async def test_v_on_a_character_selects_its_word_and_c_tags_it(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace({ZH: ZH_TEXT})
    async with opened(workspace, ZH, size=(80, 24)) as (app, pilot):
        viewer = app.query_one(Annotator)
        viewer.focus()
        await pilot.press(*["right"] * ZH_TEXT.index("政"), "v")
        assert viewer.selected_text == "黑龙江省政府"
        await pilot.press("c")
        await settle(pilot)
        [company] = saved(workspace, ZH)
        assert (company["tag"], company["quote"]) == ("company", "黑龙江省政府")
        assert (company["start"], company["end"]) == (0, len("黑龙江省政府"))


async def test_w_b_and_ctrl_arrows_move_by_chinese_words(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace({ZH: ZH_TEXT})
    async with opened(workspace, ZH, size=(80, 24)) as (app, pilot):
        viewer = app.query_one(Annotator)
        viewer.focus()
        await pilot.press("w")
        assert viewer.cursor_offset == len("黑龙江省政府")
        await pilot.press("w", "w")  # 出台, then 新 (a word of its own here)
        assert ZH_TEXT[viewer.cursor_offset :].startswith("政策")
        await pilot.press("b", "b")
        assert ZH_TEXT[viewer.cursor_offset :].startswith("出台")
        await pilot.press("ctrl+right")
        assert ZH_TEXT[viewer.cursor_offset :].startswith("新政策")
        await pilot.press("ctrl+shift+right", "ctrl+shift+right")
        assert viewer.selected_text == "新政策"
        await pilot.press("ctrl+shift+left")
        assert viewer.selected_text == "新"


async def test_a_double_click_selects_the_chinese_word_under_the_mouse(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace({ZH: ZH_TEXT})
    async with opened(workspace, ZH, size=(80, 24)) as (app, pilot):
        viewer = app.query_one(Annotator)
        column = 2 * ZH_TEXT.index("台")  # the first row: every character before it takes two cells
        await pilot.click(viewer, offset=(viewer.gutter.left + column, 0), times=2)
        await settle(pilot)
        assert viewer.selected_text == "出台"
