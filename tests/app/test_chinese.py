"""Chinese articles in the real app: words selected and tagged, wide characters laid out whole."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from rich.cells import get_character_cell_size

from tui.app.annotator import Annotator
from tui.app.app import GlossatorApp
from tui.workspace.layout import Workspace

from ..conftest import FIRST
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
        await pilot.press("right_curly_bracket")  # grows by a Chinese word, not to the clause's end
        await settle(pilot)
        [grown] = saved(workspace, ZH)
        assert grown["quote"] == "黑龙江省政府出台"


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
        await pilot.press("escape", "G", "up", "V")  # a sentence: Chinese ones have no space after 。
        assert viewer.selected_text == "该公司表示，未来三年将投入10亿元用于卫星研发。"


async def test_a_double_click_selects_the_chinese_word_under_the_mouse(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace({ZH: ZH_TEXT})
    async with opened(workspace, ZH, size=(80, 24)) as (app, pilot):
        viewer = app.query_one(Annotator)
        column = 2 * ZH_TEXT.index("台")  # the first row: every character before it takes two cells
        await pilot.click(viewer, offset=(viewer.gutter.left + column, 0), times=2)
        await settle(pilot)
        assert viewer.selected_text == "出台"


#: What a cell covered by the right half of a wide character holds in ``screen_cells``.
RIGHT_HALF = ""


def screen_cells(app: GlossatorApp) -> list[list[str]]:
    """The screen, cell by cell, read from the app's SVG screenshot: each text run starts at
    the cell its x says, and each wide character takes two cells."""
    svg = app.export_screenshot()
    width, height = app.size
    rows = [[" "] * width for _ in range(height)]
    for x, y, text in re.findall(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        row, column = round((float(y) - 20.0) / 24.4), round(float(x) / 12.2)
        for character in html.unescape(text).replace("\xa0", " "):
            cells = get_character_cell_size(character)
            if 0 <= row < height and 0 <= column < width:
                rows[row][column] = character
                if cells == 2 and column + 1 < width:
                    rows[row][column + 1] = RIGHT_HALF
            column += cells
    return rows


async def test_wide_characters_keep_every_column_in_place_at_80_by_24(make_workspace: MakeWorkspace) -> None:
    title = "哈尔滨新区出台新政支持科技企业融资机器人新材料生物医药初创企业可获股权投资"
    workspace = make_workspace({ZH: f"{title}\n\n{ZH_TEXT}", FIRST: "Harbin start-ups raised funds.\n"})
    async with opened(workspace, ZH, size=(80, 24)) as (app, pilot):
        viewer = app.query_one(Annotator)
        viewer.focus()
        await pilot.press(*["right"] * title.index("科"), "v", "c")
        await settle(pilot)
        cells = screen_cells(app)
        rows = ["".join(row) for row in cells]
        # The divider between the results and the article is in one column on every row: no
        # row's text took more or fewer cells than were measured for it.
        dividers = {row.index("│") for row in cells if "│" in row}
        assert len(dividers) == 1, rows
        # The article's rows are cut by cells: nothing is cropped at the right edge.
        shown = "".join(row.split("▊", 1)[1].strip() for row in rows if "▊" in row)
        assert ZH_TEXT.replace("\n", "").replace(" ", "") in shown.replace(" ", ""), rows
        assert any(title[:10] in row and "…" in row.split("│")[0] for row in rows), rows  # a result
        assert any("新华社 · 哈尔滨" in row for row in rows), rows  # the header: source and place
        assert any("“科技”" in row for row in rows), rows  # the annotation list
        # The cursor is drawn where its character is: two cells per character before it.
        offset = viewer.cursor_screen_offset
        assert cells[offset.y][offset.x] == title[viewer.cursor_offset]
